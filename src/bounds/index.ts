// Certified output bounds (IBP and CROWN) over an input box, sound for the float forward: see docs/bounds.md.
export {
  bounds,
  boundsOptionNames,
  type BoundsKernels,
  type BoundsMethod,
  type BoundsModel,
  type BoundsOptions,
  type BoundsResult,
  type Box,
  type EpsilonBall,
  type StepBounds,
} from "./bounds.js";
export { BoundsError } from "./errors.js";
// For ops written outside the library: the fifth argument of `record`.
export {
  type ActivationRule,
  type AffineRule,
  type BoundArgs,
  type BoundRule,
  type ChainRule,
  type IntervalRule,
  type Relaxation,
  type RoundingContext,
  type SelectRelaxation,
  type SelectRule,
  type UnboundableRule,
  affineBound,
  chainBound,
  intervalBound,
  selectBound,
  unboundable,
} from "./rule.js";
export { leakyReluBound, reluBound, sigmoidBound, tanhBound } from "./activations.js";
