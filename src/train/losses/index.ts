export type { BroadcastsToCheck, ClassCount, ClassTargetShape, LossShape, Reduction } from "../../../types/train/losses.js";
export { type BceWithLogitsOptions, bceWithLogits } from "./bce-with-logits.js";
export type { LossOutput, ReductionOptions } from "./common.js";
export { type CrossEntropyOptions, crossEntropy } from "./cross-entropy.js";
export { type DiceOptions, dice } from "./dice.js";
export { type HuberOptions, huber } from "./huber.js";
export { mse } from "./mse.js";
export { type NllLossOptions, nllLoss } from "./nll-loss.js";
export { type SmoothL1Options, smoothL1 } from "./smooth-l1.js";
