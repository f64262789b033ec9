import type { MaxPool2dOptionNames, MaxPool2dOptions, MaxPool2dOptionsGuard, MaxPool2dShape } from "../../types/ops/max-pool2d.js";
import type { OpenOptions } from "../../types/ops/options.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { record } from "../autograd/graph.js";
import { type BoundRule, selectBound } from "../bounds/rule.js";
import { maxWindowRelaxation } from "../bounds/max-window.js";
import { currentBackend } from "../backend.js";
import type { Pool2dGeometry } from "../kernels/geometry.js";
import { poolOut } from "../shape/pool-out.js";
import { kernelData, type Tensor } from "../tensor/tensor.js";
import { opOutput } from "./output.js";
import type { DTypeCheck } from "../../types/ops/dtype-check.js";
import type { FirstMessage } from "../../types/ops/first-message.js";
import type { GradCheck } from "../../types/ops/grad-check.js";
import type { GradShape, XGuard } from "./conv2d.js";
import { requireDType } from "./dtype.js";
import { requireGradShape } from "./grad-shape.js";
import { imageShape, pairOf, requireNonEmptyImage, splitImage } from "./image.js";
import { requireKnownOptions, requireOptions } from "./options.js";
import { requireTensor } from "./tensor-arg.js";
import { ShapeError } from "../errors.js";
import type { ShapedResult } from "./result.js";

export type { MaxPool2dOptionNames, MaxPool2dOptions, MaxPool2dShape };

export const maxPool2dOptionNames: MaxPool2dOptionNames = ["kernel", "stride", "padding", "dilation", "ceilMode"];

/** The options' keys first (as planMaxPool2d), then the shape they give. */
type PoolOptionsGuard<XS extends Shape, O> = MaxPool2dOptionsGuard<XS, O>;

export interface MaxPool2dPlan {
  readonly geometry: Pool2dGeometry;
  readonly outShape: number[];
}

export function planMaxPool2d(op: string, xShape: readonly number[], options: MaxPool2dOptions): MaxPool2dPlan {
  const x = splitImage(op, xShape);
  requireOptions(op, options, "{ kernel, ... }");
  requireKnownOptions(op, options, maxPool2dOptionNames);
  // PyTorch's kernel_size has no default: a missing kernel is an error, never a silent 1×1 window.
  if (options.kernel === undefined)
    throw new ShapeError(`${op}: options.kernel is required (the window size, as PyTorch's kernel_size), got undefined`);
  const [kH, kW] = pairOf(op, "kernel", options.kernel, 1);
  const [strideH, strideW] = pairOf(op, "stride", options.stride ?? options.kernel, 1);
  const [padH, padW] = pairOf(op, "padding", options.padding, 0);
  const [dilH, dilW] = pairOf(op, "dilation", options.dilation, 1);
  const ceil = options.ceilMode ?? false;
  const outH = poolOut(x.h, kH, strideH, padH, dilH, ceil, op, "H");
  const outW = poolOut(x.w, kW, strideW, padW, dilW, ceil, op, "W");
  // After the formulas, which reject a zero input size with the compiler's sentence.
  requireNonEmptyImage(op, x, xShape);
  return {
    geometry: { n: x.n, c: x.c, inH: x.h, inW: x.w, outH, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW },
    outShape: imageShape(x, x.c, outH, outW),
  };
}

/** What maxPool2dBackward needs: where each output's maximum came from (PyTorch's `return_indices`). */
export interface MaxPool2dSaved<XS extends Shape, D extends DType, R extends Shape = Shape> {
  readonly input: Tensor<XS, D>;
  /** The forward output's shape, which dy must have. */
  readonly outputShape: R;
  /** Flat index (h * inW + w) in each input plane of the first maximum, in row-major window order. */
  readonly indices: Int32Array;
  readonly plan: MaxPool2dPlan;
}

/** maxPool2dWithIndices's output, and what its backward needs. */
export interface MaxPool2dResult<R, XS extends Shape, D extends DType> {
  readonly output: ShapedResult<R, D>;
  readonly saved: MaxPool2dSaved<XS, D, GradShape<R>>;
}

/**
 * Max pooling as torch.nn.functional.max_pool2d; padding acts as -inf, NaN propagates. Recorded on the tape: the
 * gradient goes to the first maximum of each window (the saved indices), accumulating where windows overlap.
 */
export function maxPool2d<XS extends Shape, D extends DType, const O extends OpenOptions<MaxPool2dOptions>>(
  x: Tensor<XS, D> & XGuard<XS, "maxPool2d">,
  options: O & PoolOptionsGuard<XS, O>,
): ShapedResult<MaxPool2dShape<XS, O>, D> {
  return maxPool2dWithIndices<XS, D, O>(x, options).output as ShapedResult<MaxPool2dShape<XS, O>, D>;
}

/**
 * maxPool2d that also returns the argmax indices its backward uses, so nothing is recomputed. The output is
 * recorded on the tape as maxPool2d's is; `maxPool2dBackward` remains for callers that run backward by hand.
 */
export function maxPool2dWithIndices<XS extends Shape, D extends DType, const O extends OpenOptions<MaxPool2dOptions>>(
  x: Tensor<XS, D> & XGuard<XS, "maxPool2d">,
  options: O & PoolOptionsGuard<XS, O>,
): MaxPool2dResult<MaxPool2dShape<XS, O>, XS, D> {
  requireTensor("maxPool2d", "x", x);
  const plan = planMaxPool2d("maxPool2d", x.shape, options);
  const size = plan.outShape.reduce((a, b) => a * b, 1);
  const backend = currentBackend();
  const heap = backend.residentHeap;
  const y = opOutput(x.dtype, size, heap, "maxPool2d");
  const indices = new Int32Array(size);
  if (plan.geometry.n > 0) backend.maxPool2dForward(plan.geometry, kernelData(x, heap), y.array, indices);
  const output = y.tensor(plan.outShape);
  const { geometry } = plan;
  const inShape = x.shape;
  const dtype = x.dtype;
  const inSize = x.size;
  record(
    "maxPool2d",
    output,
    [x],
    (gy) => {
      const backend = currentBackend();
      // an empty batch: a zeroed JS array
      const heap = geometry.n > 0 ? backend.residentHeap : null;
      const dx = opOutput(dtype, inSize, heap);
      if (geometry.n > 0) backend.maxPool2dBackward(geometry, kernelData(gy, heap), indices, dx.array);
      return [dx.tensor(inShape)];
    },
    () => maxPool2dBound(geometry, options),
  );
  return {
    output: output as ShapedResult<MaxPool2dShape<XS, O>, D>,
    saved: { input: x, outputShape: plan.outShape as GradShape<MaxPool2dShape<XS, O>>, indices, plan },
  };
}

/** maxPool2d's bound rule: the max of its window, nondecreasing in each input (see maxWindowRelaxation). */
function maxPool2dBound(geometry: Pool2dGeometry, options: MaxPool2dOptions): BoundRule {
  const run = maxPool2dWithIndices as unknown as (x: Tensor<Shape, DType>, o: MaxPool2dOptions) => { output: Tensor<Shape, DType> };
  return selectBound({ apply: ([v]) => run(v!, options).output, relax: (l, u) => maxWindowRelaxation(geometry, l, u) });
}

/** Sends each output gradient to the first maximum of its window, accumulating where windows overlap. */
export function maxPool2dBackward<XS extends Shape, D extends DType, R extends Shape, DS extends Shape, DD extends DType>(
  dy: Tensor<DS, DD> & FirstMessage<[GradCheck<"maxPool2dBackward", R, DS>, DTypeCheck<"maxPool2dBackward", "dy", "x", D, DD>]>,
  saved: MaxPool2dSaved<XS, D, R>,
): Tensor<XS, D> {
  requireGradShape("maxPool2dBackward", saved.plan.outShape, dy.shape);
  requireDType("maxPool2dBackward", "dy", "x", saved.input.dtype, dy.dtype);
  const backend = currentBackend();
  // an empty batch: a zeroed JS array
  const heap = saved.plan.geometry.n > 0 ? backend.residentHeap : null;
  const dx = opOutput(saved.input.dtype, saved.input.size, heap);
  if (saved.plan.geometry.n > 0)
    backend.maxPool2dBackward(saved.plan.geometry, kernelData(dy as Tensor<Shape, DType>, heap), saved.indices, dx.array);
  return dx.tensor(saved.input.shape);
}
