import type { BatchNorm2dCheck } from "../../types/ops/batch-norm2d.js";
import type { Guard } from "../../types/ops/common.js";
import type { OpenOptions, OptionsGuard } from "../../types/ops/options.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import { batchNorm2dBackward as backwardKernel } from "../kernels/batch-norm2d-backward.js";
import { batchNorm2dNormalize } from "../kernels/batch-norm2d-normalize.js";
import { type BatchNorm2dGeometry, batchNorm2dStats } from "../kernels/batch-norm2d-stats.js";
import { record } from "../autograd/graph.js";
import { affineBound, type BoundRule, unboundable } from "../bounds/rule.js";
import type { FloatArray } from "../kernels/geometry.js";
import { allocate, full, Tensor, zeros } from "../tensor/tensor.js";
import { axisMismatch } from "../tensor/messages.js";
import type { DyGuard } from "./conv2d.js";
import { requireDType } from "./dtype.js";
import { requireGradShape } from "./grad-shape.js";
import { splitImage } from "./image.js";
import { requireKnownOptions, requireOptions } from "./options.js";
import { requireTensor } from "./tensor-arg.js";
import { requireDTypeName } from "../tensor/dtype-name.js";
import { requireElementCount } from "../tensor/element-limit.js";

export type { BatchNorm2dCheck };

/**
 * The parameters and buffers of PyTorch's `nn.BatchNorm2d(C)`: affine weight (γ, init 1) and bias (β, init 0),
 * running_mean (init 0), running_var (init 1), num_batches_tracked (a 0-d tensor; PyTorch's is int64, here it has
 * the model's dtype, exact up to 2^24 batches in float32). Training updates the buffers in place.
 */
export interface BatchNorm2dState<C extends number, D extends DType> {
  readonly numFeatures: C;
  readonly eps: number;
  /** Weight of the new batch in the running averages; null = cumulative average (PyTorch's momentum=None). */
  readonly momentum: number | null;
  readonly weight: Tensor<[C], D>;
  readonly bias: Tensor<[C], D>;
  readonly runningMean: Tensor<[C], D>;
  readonly runningVar: Tensor<[C], D>;
  readonly numBatchesTracked: Tensor<[], D>;
}

export interface BatchNorm2dStateOptions<D extends DType> {
  readonly dtype?: D;
  /** Default 1e-5, as PyTorch. */
  readonly eps?: number;
  /** Default 0.1, as PyTorch. */
  readonly momentum?: number | null;
}

/** Not generic in its keys (D comes from `dtype`), so an unknown key gets tsc's excess-property error at compile time. */
export const batchNorm2dStateOptionNames = ["dtype", "eps", "momentum"] as const;

/** A fresh `nn.BatchNorm2d(numFeatures)` state, initialised as PyTorch does. */
export function createBatchNorm2d<const C extends number, D extends DType = "float32">(
  numFeatures: C,
  options: BatchNorm2dStateOptions<D> = {},
): BatchNorm2dState<C, NoInfer<D>> {
  // D from `dtype` only, never from the context (the run time makes float32)
  requireKnownOptions("batchNorm2d", options, batchNorm2dStateOptionNames);
  const dtype = (options.dtype ?? "float32") as D;
  requireDTypeName("batchNorm2d", "options.dtype", dtype);
  if (!Number.isSafeInteger(numFeatures) || numFeatures <= 0) {
    throw new ShapeError(`batchNorm2d: num_features must be a positive integer, got ${numFeatures}`);
  }
  requireElementCount("batchNorm2d", "each parameter (num_features)", numFeatures);
  const eps = options.eps ?? 1e-5;
  const momentum = options.momentum === undefined ? 0.1 : options.momentum;
  if (!(eps > 0)) throw new RangeError(`batchNorm2d: eps must be > 0, got ${eps}`);
  if (momentum !== null && !(momentum >= 0 && momentum <= 1))
    throw new RangeError(`batchNorm2d: momentum must be in [0, 1] or null, got ${momentum}`);
  const vec = (value: number): Tensor<[C], D> => full([numFeatures] as [number], value, { dtype }) as Tensor<[number], D> as Tensor<[C], D>;
  return {
    numFeatures,
    eps,
    momentum,
    weight: vec(1),
    bias: vec(0),
    runningMean: vec(0),
    runningVar: vec(1),
    numBatchesTracked: zeros([], { dtype }),
  };
}

/** The state's tensors under PyTorch's names, each prefixed (e.g. "down.0.bn1."). */
export function batchNorm2dStateDict<D extends DType>(prefix: string, state: BatchNorm2dState<number, D>): Record<string, Tensor<Shape, D>> {
  return {
    [`${prefix}weight`]: state.weight,
    [`${prefix}bias`]: state.bias,
    [`${prefix}running_mean`]: state.runningMean,
    [`${prefix}running_var`]: state.runningVar,
    [`${prefix}num_batches_tracked`]: state.numBatchesTracked,
  };
}

/** What batchNorm2dBackward needs from the forward. */
export interface BatchNorm2dSaved<XS extends Shape, C extends number, D extends DType> {
  readonly input: Tensor<XS, D>;
  readonly weight: Tensor<[C], D>;
  /** Statistics the forward normalised with: the batch's (training) or the running ones (eval). */
  readonly mean: Float64Array;
  readonly invStd: Float64Array;
  readonly training: boolean;
  readonly geometry: BatchNorm2dGeometry;
}

/** batchNorm2d's options: training or evaluation mode, and whether to update the running statistics. */
export interface BatchNorm2dOptions {
  /** Training mode normalises with the batch's statistics and updates the running ones; eval uses the running ones. */
  readonly training: boolean;
  /**
   * Training only: update running_mean, running_var and num_batches_tracked (default true). False is
   * F.batch_norm(training=True) without running buffers, e.g. to recompute a forward for backward.
   */
  readonly updateRunningStats?: boolean;
}

export type BatchNorm2dOptionNames = readonly ["training", "updateRunningStats"];
export const batchNorm2dOptionNames: BatchNorm2dOptionNames = ["training", "updateRunningStats"];

type XCheck<XS extends Shape, C> = BatchNorm2dCheck<XS, C> extends infer R ? Guard<R extends string ? false : true, R & string> : unknown;

/**
 * torch.nn.functional.batch_norm over the channel axis of x (N, C, H, W), with PyTorch's BatchNorm2d semantics:
 * training normalises with the batch mean and biased variance, then running = (1 - momentum)·running +
 * momentum·batch with the UNBIASED variance, and num_batches_tracked += 1; eval normalises with the running
 * statistics. x (C, H, W) is taken as a batch of one (PyTorch's BatchNorm2d rejects 3-D input).
 */
export function batchNorm2d<XS extends Shape, D extends DType, C extends number, const O extends OpenOptions<BatchNorm2dOptions>>(
  x: Tensor<XS, D> & XCheck<XS, C>,
  state: BatchNorm2dState<C, NoInfer<D>>, // x alone fixes D: a state of another dtype is an error here
  options: O & OptionsGuard<"batchNorm2d", O, BatchNorm2dOptionNames>,
): { output: Tensor<XS, D>; saved: BatchNorm2dSaved<XS, C, D> } {
  const op = "batchNorm2d";
  const input = requireTensor(op, "x", x) as Tensor<XS, D>;
  requireOptions(op, options, "{ training }");
  if (typeof options.training !== "boolean") throw new ShapeError(`${op}: options.training must be true or false, got ${String(options.training)}`);
  const img = splitImage(op, input.shape);
  if (img.c !== state.numFeatures) throw new ShapeError(axisMismatch(op, "x's channel axis and num_features", img.c, state.numFeatures));
  requireDType(op, "the state", "x", input.dtype, state.weight.dtype);
  requireKnownOptions(op, options, batchNorm2dOptionNames);
  const geometry: BatchNorm2dGeometry = { n: img.n, c: img.c, plane: img.h * img.w };
  const count = geometry.n * geometry.plane;
  const mean = new Float64Array(img.c);
  const invStd = new Float64Array(img.c);
  if (options.training) {
    if (count <= 1) {
      throw new ShapeError(`${op}: expected more than 1 value per channel when training, got input shape [${input.shape.join(", ")}]`);
    }
    const variance = new Float64Array(img.c);
    batchNorm2dStats(geometry, input.data, mean, variance);
    for (let ch = 0; ch < img.c; ch++) invStd[ch] = 1 / Math.sqrt(variance[ch]! + state.eps);
    if (options.updateRunningStats !== false) updateRunningStats(state, mean, variance, count);
  } else {
    for (let ch = 0; ch < img.c; ch++) {
      mean[ch] = state.runningMean.data[ch]!;
      invStd[ch] = 1 / Math.sqrt(state.runningVar.data[ch]! + state.eps);
    }
  }
  const y = allocate(input.dtype, input.data.length);
  batchNorm2dNormalize(geometry, input.data, mean, invStd, state.weight.data, state.bias.data, y);
  const saved: BatchNorm2dSaved<XS, C, D> = { input, weight: state.weight, mean, invStd, training: options.training, geometry };
  const output = record(
    "batchNorm2d",
    Tensor.wrap(input.shape, input.dtype, y),
    [input, state.weight, state.bias],
    (gy) => {
      const grads = runBatchNorm2dBackward(gy.data, saved);
      return [grads.dx, grads.dWeight, grads.dBias];
    },
    () => batchNorm2dBound(state, options.training),
  );
  return { output, saved };
}

/**
 * batchNorm2d's bound rule in eval mode: affine in x, y = x·scale + shift with scale and shift computed in float64
 * from the running statistics exactly as the forward does, then one rounding to the dtype. Training mode
 * normalises with the batch's own statistics, so it is refused.
 */
function batchNorm2dBound<C extends number, D extends DType>(state: BatchNorm2dState<C, D>, training: boolean): BoundRule {
  if (training) return unboundable("in training mode it normalises with the batch's statistics; call model.eval() first");
  // sign 0: the values; −1: minus their absolute values
  const f64 = (t: Tensor<[C], D>, sign: number) =>
    Tensor.wrap(
      t.shape,
      "float64",
      Float64Array.from(t.data, (v) => (sign === 0 ? v : sign * Math.abs(v))),
    );
  const run = (v: Tensor<Shape, DType>, w: Tensor<Shape, DType>, b: Tensor<Shape, DType>, mean: Tensor<[C], "float64">) => {
    const state64: BatchNorm2dState<C, "float64"> = {
      ...state,
      weight: w as Tensor<[C], "float64">,
      bias: b as Tensor<[C], "float64">,
      runningMean: mean,
      runningVar: f64(state.runningVar, 0),
      numBatchesTracked: Tensor.wrap([], "float64", new Float64Array(1)),
    };
    return batchNorm2d(v as Tensor<[number, C, number, number], "float64">, state64, { training: false }).output;
  };
  return affineBound({
    apply: ([v, w, b]) => run(v!, w!, b!, f64(state.runningMean, 0)),
    // (|x| + |mean|)·invStd·|w| + |b| bounds every term's magnitude
    abs: ([v, w, b]) => run(v!, w!, b!, f64(state.runningMean, -1)),
    rounding: 3,
    affineIn: (p) => (p[1] || p[2] ? "its weight or bias depends on the input" : null),
  });
}

/** running = (1 - factor)·running + factor·batch, with the unbiased variance; factor = momentum or 1/num_batches_tracked. */
function updateRunningStats<D extends DType>(state: BatchNorm2dState<number, D>, mean: Float64Array, variance: Float64Array, count: number): void {
  const tracked = state.numBatchesTracked.data;
  tracked[0] = tracked[0]! + 1;
  const factor = state.momentum === null ? 1 / tracked[0]! : state.momentum;
  const rm = state.runningMean.data;
  const rv = state.runningVar.data;
  for (let ch = 0; ch < mean.length; ch++) {
    rm[ch] = (1 - factor) * rm[ch]! + factor * mean[ch]!;
    rv[ch] = (1 - factor) * rv[ch]! + factor * ((variance[ch]! * count) / (count - 1));
  }
}

/** batchNorm2dBackward's gradients: dx, and dWeight and dBias of the affine parameters. */
export interface BatchNorm2dGrads<XS extends Shape, C extends number, D extends DType> {
  readonly dx: Tensor<XS, D>;
  readonly dWeight: Tensor<[C], D>;
  readonly dBias: Tensor<[C], D>;
}

/** Vector-Jacobian products of batchNorm2d for upstream dy (x's shape and dtype), in the mode the forward ran in. */
export function batchNorm2dBackward<XS extends Shape, C extends number, D extends DType, DS extends Shape, DD extends DType>(
  dy: Tensor<DS, DD> & DyGuard<"batchNorm2dBackward", XS, DS, D, DD>,
  saved: BatchNorm2dSaved<XS, C, D>,
): BatchNorm2dGrads<XS, C, D> {
  const op = "batchNorm2dBackward";
  const input = saved.input;
  requireGradShape(op, input.shape, dy.shape);
  requireDType(op, "dy", "x", input.dtype, dy.dtype);
  return runBatchNorm2dBackward(dy.data, saved);
}

/** The kernel call shared by the tape's VJP and the explicit `batchNorm2dBackward`. */
function runBatchNorm2dBackward<XS extends Shape, C extends number, D extends DType>(
  dy: FloatArray,
  saved: BatchNorm2dSaved<XS, C, D>,
): BatchNorm2dGrads<XS, C, D> {
  const input = saved.input;
  const c = saved.geometry.c;
  const dx = allocate(input.dtype, input.data.length);
  const dw = allocate(input.dtype, c);
  const db = allocate(input.dtype, c);
  backwardKernel(saved.geometry, input.data, dy, saved.mean, saved.invStd, saved.weight.data, saved.training, dx, dw, db);
  return {
    dx: Tensor.wrap(input.shape, input.dtype, dx),
    dWeight: Tensor.wrap(saved.weight.shape, input.dtype, dw),
    dBias: Tensor.wrap(saved.weight.shape, input.dtype, db),
  };
}
