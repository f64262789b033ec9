import type { DType, Shape } from "../../../types/tensor/shape.js";
import { createRng, type Rng } from "../../random.js";
import { ShapeError } from "../../errors.js";
import { formatShape } from "../../tensor/format-shape.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { sameShape } from "../../shape/same-shape.js";

/**
 * The generator layers draw their initial weights from when no `seed` is given (PyTorch's global generator):
 * `manualSeed(n)` makes every model built afterwards reproducible, as `torch.manual_seed(n)`.
 */
let initRng: Rng = createRng(0);

/** Seeds the generator that layers initialise their parameters from (as torch.manual_seed for initialisation). */
export function manualSeed(seed: number): void {
  initRng = createRng(seed);
}

/** The layer's own generator when it was given a seed, else the shared one. */
export function rngFor(seed: number | undefined): Rng {
  return seed === undefined ? initRng : createRng(seed);
}

/**
 * PyTorch's default bound for a layer's weight (kaiming_uniform_ with a = √5) and its bias: 1/√fanIn, and 0 when
 * fanIn is 0 (the weight is then empty, and PyTorch gives the bias zeros rather than 1/√0).
 */
export function defaultInitBound(fanIn: number): number {
  return fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
}

/** A tensor of U(-bound, bound) values: PyTorch's kaiming_uniform_(a = √5) with bound 1/√fanIn, and its bias rule. */
export function uniformTensor<S extends Shape, D extends DType>(shape: S, bound: number, dtype: D, rng: Rng): Tensor<S, D> {
  const data = allocate(
    dtype,
    shape.reduce((a, b) => a * b, 1),
  );
  for (let i = 0; i < data.length; i++) data[i] = rng.uniformIn(-bound, bound);
  return Tensor.wrap(shape, dtype, data);
}

/** A tensor filled with `value` (norm affines: weight 1, bias 0). */
export function filledTensor<S extends Shape, D extends DType>(shape: S, value: number, dtype: D): Tensor<S, D> {
  const data = allocate(
    dtype,
    shape.reduce((a, b) => a * b, 1),
  );
  data.fill(value);
  return Tensor.wrap(shape, dtype, data);
}

/** Options every layer with parameters takes. */
export interface ParamOptions<D extends DType> {
  /** Element type of the parameters (default float32). */
  readonly dtype?: D;
  /** Seed for this layer's initialisation; without it the shared generator (`manualSeed`) is used. */
  readonly seed?: number;
}

/** Checks tensors handed to a layer (its `from` option) have the shapes the layer would have made. */
export function requireParameterShapes(
  layer: string,
  weightShape: readonly number[],
  biasShape: readonly number[],
  given: { readonly weight: Tensor<Shape, DType>; readonly bias: Tensor<Shape, DType> | null },
): void {
  if (!sameShape(given.weight.shape, weightShape))
    throw new ShapeError(`${layer}: weight must have shape ${formatShape(weightShape)}, got ${formatShape(given.weight.shape)}`);
  if (given.bias !== null && !sameShape(given.bias.shape, biasShape))
    throw new ShapeError(`${layer}: bias must have shape ${formatShape(biasShape)}, got ${formatShape(given.bias.shape)}`);
}

/** The parameter options Conv2d and ConvTranspose2d take besides their op's. */
export interface ConvParamOptions<D extends DType> extends ParamOptions<D> {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /**
   * Existing tensors to register as the parameters instead of initialising new ones (shapes checked), e.g. a
   * model assembled from a parameter record such as UNet2's.
   */
  readonly from?: { readonly weight: Tensor<Shape, D>; readonly bias: Tensor<Shape, D> | null };
}

/**
 * A conv layer's weight (`weightShape`) and bias (outC): the `from` tensors (shapes checked), else PyTorch's
 * initialisation, U(±1/√fanIn) for both, weight drawn first; no bias with `bias: false`.
 */
export function convParameters<D extends DType>(
  layer: string,
  weightShape: readonly number[],
  outChannels: number,
  fanIn: number,
  options: ConvParamOptions<D> | undefined,
): { readonly weight: Tensor<Shape, D>; readonly bias: Tensor<Shape, D> | null } {
  const dtype = (options?.dtype ?? "float32") as D;
  const rng = rngFor(options?.seed);
  const bound = defaultInitBound(fanIn);
  const given = options?.from;
  if (given !== undefined) requireParameterShapes(layer, weightShape, [outChannels], given);
  const weight = given?.weight ?? uniformTensor(weightShape, bound, dtype, rng);
  const bias = given !== undefined ? given.bias : options?.bias === false ? null : uniformTensor([outChannels], bound, dtype, rng);
  return { weight, bias };
}
