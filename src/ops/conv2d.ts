import type { Shape, DType } from "../../types/tensor/shape.js";
import type { Conv2dOptionNames, Conv2dOptions, Conv2dOptionsGuard, Conv2dShape, Conv2dSpatialGuard } from "../../types/ops/conv2d.js";
import type { OpenOptions, OptionsGuard } from "../../types/ops/options.js";
import type { CheckAgree, Guard, ImageChannels, MustMatchThen, SplitImage, WeightAxis } from "../../types/ops/common.js";
import type { DTypeCheck } from "../../types/ops/dtype-check.js";
import type { FirstMessage } from "../../types/ops/first-message.js";
import type { NeverShape } from "../../types/ops/messages.js";
import type { GradCheck } from "../../types/ops/grad-check.js";
import type { BadRank } from "../../types/tensor/messages.js";
import { record } from "../autograd/graph.js";
import { affineBound, type BoundRule, chainBound } from "../bounds/rule.js";
import { convRounding, convTransposeRounding, stepMayUseWinograd, withDirectConvs } from "../bounds/conv-rounding.js";
import { reluBound } from "../bounds/activations.js";
import type { ShapedResult } from "./result.js";
import { currentBackend } from "../backend.js";
import { ShapeError } from "../errors.js";
import type { Conv2dGeometry, FloatArray } from "../kernels/geometry.js";
import { checkPositive, convOut } from "../shape/conv-out.js";
import { toNats } from "../shape/natural.js";
import { giveScratch, takeScratch } from "../tensor/scratch.js";
import { kernelData, type Tensor } from "../tensor/tensor.js";
import { opOutput } from "./output.js";
import { sizeOf } from "./shape/common.js";
import { badRank } from "../tensor/messages.js";
import { requireDType } from "./dtype.js";
import { requireGradShape } from "./grad-shape.js";
import { imageShape, pairOf, requireAgree, requireNonEmpty, requireNonEmptyImage, requireRank, splitImage } from "./image.js";
import { requireKnownOptions } from "./options.js";
import { requireTensor } from "./tensor-arg.js";

export type { Conv2dOptionNames, Conv2dOptions, Conv2dShape };

export const conv2dOptionNames: Conv2dOptionNames = ["stride", "padding", "dilation"];

/**
 * x of an image op: its rank, checked by SplitImage. A `Tensor<never>` (the result of an earlier error) is named as
 * such: without the first test, the parameter would reduce to `never` and tsc's error would name no op.
 */
type XGuard<XS extends Shape, Op extends string> = [XS] extends [never]
  ? NeverShape<Op, "x">
  : Guard<SplitImage<XS, Op> extends string ? false : true, SplitImage<XS, Op> & string>;
/** Bias (outC): its rank, then its size against the weight's output-channel axis (0 for conv2d, 1 for convTranspose2d). */
type BiasCheck<WS extends Shape, BS extends Shape, Axis extends 0 | 1, Op extends string> = BS extends readonly [infer B]
  ? CheckAgree<Op, `bias axis 0 and weight axis ${Axis}`, B, WS[Axis]>
  : number extends BS["length"]
    ? true
    : BadRank<Op, "bias", "(outC)", BS["length"]>;

export type { XGuard, BiasCheck };

/** The upstream gradient's shape: the forward's output shape when tsc knows its rank, any shape otherwise (checked at run time). */
export type GradShape<R> = R extends Shape ? (number extends R["length"] ? Shape : R) : Shape;

/**
 * conv2d's weight parameter check in the runtime's order: the ranks, the channels, then (Conv2dSizeGuard) the H and
 * W formulas and the dtype. The channels are the guard's last part but for those (MustMatchThen), so a generic
 * channel count prints as `MustMatchThen<"conv2d", "weight axis 1 (inC) and x's channel axis", 3, C, unknown>` and a
 * generic H through a size-changing window as `ConvAxisFits<"conv2d", "H", H, 3, {}>`, not the expanded checks.
 */
export type Conv2dWeightGuard<Op extends string, XS extends Shape, WS extends Shape, O, D extends DType, WD extends DType> =
  FirstMessage<[Conv2dShape<XS, WS, O, Op, true, false>]> extends infer E extends string
    ? E
    : MustMatchThen<Op, "weight axis 1 (inC) and x's channel axis", WeightAxis<WS, 1>, ImageChannels<XS>, Conv2dSizeGuard<Op, XS, WS, O, D, WD>>;

/** The weight's check once the channels agree: the H and W formulas (Conv2dSpatialGuard), then the dtype. */
export type Conv2dSizeGuard<Op extends string, XS extends Shape, WS extends Shape, O, D extends DType, WD extends DType> = Conv2dSpatialGuard<
  XS,
  WS,
  O,
  Op,
  FirstMessage<[DTypeCheck<Op, "weight", "x", D, WD>]>
>;

/** Weight or bias of a conv-like op: its own shape check (a shape or `true`, else messages), then its dtype against x's. */
export type ParamGuard<Op extends string, Arg extends string, ShapeCheck, D extends DType, PD extends DType> = FirstMessage<
  [ShapeCheck, DTypeCheck<Op, Arg, "x", D, PD>]
>;

/** The upstream gradient of a backward: the forward output's shape, x's dtype. */
export type DyGuard<Op extends string, Forward, DS extends Shape, D extends DType, DD extends DType> = FirstMessage<
  [GradCheck<Op, Forward, DS>, DTypeCheck<Op, "dy", "x", D, DD>]
>;

/** Checked geometry and output shape, computed once per call. */
export interface Conv2dPlan {
  readonly geometry: Conv2dGeometry;
  readonly outShape: number[];
}

/** What the run-time checks read of a tensor argument. */
export interface ArgInfo {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Conv-like hyperparameters as [h, w] pairs. */
export interface WindowPairs {
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
}

/**
 * Runs `check`, returning the ShapeError it throws instead of throwing it: how a check whose verdict belongs to a
 * later argument is made early and reported in argument order.
 */
export function deferShapeError<T>(check: () => T): T | ShapeError {
  try {
    return check();
  } catch (e) {
    if (e instanceof ShapeError) return e;
    throw e;
  }
}

/**
 * Runtime twin of Conv2dOptionsCheck: the hyperparameters as pairs, checked on their own (no tensor needed), axis H
 * then W: stride, padding and dilation natural numbers, then stride and dilation positive.
 */
export function conv2dOptionPairs(op: string, options: Conv2dOptions): WindowPairs {
  const pairs: WindowPairs = {
    stride: pairOf(op, "stride", options.stride, 1),
    padding: pairOf(op, "padding", options.padding, 0),
    dilation: pairOf(op, "dilation", options.dilation, 1),
  };
  (["H", "W"] as const).forEach((axis, i) => {
    const [s, , d] = toNats(
      [
        [pairs.stride[i]!, "stride"],
        [pairs.padding[i]!, "padding"],
        [pairs.dilation[i]!, "dilation"],
      ],
      op,
      axis,
    );
    checkPositive(1n, s!, d!, op, axis);
  });
  return pairs;
}

/**
 * conv2d's run-time checks in the compiler's argument order, so the first error thrown is the one tsc reports:
 * x's rank (x); weight's rank, channels, then, when the options are valid, H and W, then its dtype (weight);
 * `between` (bias or dy, given the output shape when it is known); unknown option keys, then the option values
 * (options); finally the run-time-only emptiness checks.
 */
export function planConv2d(
  op: string,
  x: ArgInfo,
  weight: ArgInfo,
  options: Conv2dOptions | undefined,
  between: (outC: number, outShape: number[] | null) => void = () => {},
): Conv2dPlan {
  const img = splitImage(op, x.shape);
  requireRank(op, "weight", "(outC, inC, kH, kW)", weight.shape, 4);
  const [outC, inC, kH, kW] = weight.shape as [number, number, number, number];
  requireAgree(op, "weight axis 1 (inC) and x's channel axis", inC, img.c);
  const pairs = deferShapeError(() => conv2dOptionPairs(op, options ?? {}));
  let plan: Conv2dPlan | null = null;
  if (!(pairs instanceof ShapeError)) {
    const {
      stride: [strideH, strideW],
      padding: [padH, padW],
      dilation: [dilH, dilW],
    } = pairs;
    const outH = convOut(img.h, kH, strideH, padH, dilH, op, "H");
    const outW = convOut(img.w, kW, strideW, padW, dilW, op, "W");
    plan = {
      geometry: { n: img.n, inC, inH: img.h, inW: img.w, outC, outH, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW },
      outShape: imageShape(img, outC, outH, outW),
    };
  }
  requireDType(op, "weight", "x", x.dtype, weight.dtype);
  between(outC, plan === null ? null : plan.outShape);
  requireKnownOptions(op, options, conv2dOptionNames);
  if (pairs instanceof ShapeError) throw pairs;
  // After the formulas, which reject a zero kernel or input size with the compiler's sentence.
  requireNonEmptyImage(op, img, x.shape);
  requireNonEmpty(op, "weight", weight.shape);
  return plan!;
}

/** Runtime twin of BiasCheck then the bias's DTypeCheck: rank (outC), size against the weight's outC, dtype. */
export function requireBias(op: string, bias: ArgInfo | null, outC: number, weightAxis: 0 | 1, dtype: DType): void {
  if (bias === null) return;
  if (bias.shape.length !== 1) throw new ShapeError(badRank(op, "bias", "(outC)", bias.shape.length));
  requireAgree(op, `bias axis 0 and weight axis ${weightAxis}`, bias.shape[0]!, outC);
  requireDType(op, "bias", "x", dtype, bias.dtype);
}

/**
 * 2-D cross-correlation with zero padding, as torch.nn.functional.conv2d.
 * x (C, H, W) or (N, C, H, W); weight (outC, inC, kH, kW); bias (outC) or null.
 * The output shape is computed by the compiler; a mismatch is a compile error naming the op, the axis and both values.
 */
export function conv2d<
  XS extends Shape,
  WS extends Shape,
  D extends DType,
  WD extends DType,
  BS extends Shape = [WS[0]],
  BD extends DType = D,
  const O extends OpenOptions<Conv2dOptions> = {},
>(
  x: Tensor<XS, D> & XGuard<XS, "conv2d">,
  weight: Tensor<WS, WD> & Conv2dWeightGuard<"conv2d", XS, WS, O, D, WD>,
  bias?: (Tensor<BS, BD> & ParamGuard<"conv2d", "bias", BiasCheck<WS, BS, 0, "conv2d">, D, BD>) | null,
  options?: O & Conv2dOptionsGuard<"conv2d", O>,
): ShapedResult<Conv2dShape<XS, WS, O>, D> {
  return runConv2d("conv2d", x, weight, bias ?? null, options, false) as ShapedResult<Conv2dShape<XS, WS, O>, D>;
}

/** conv2d's run-time checks and kernel call, shared with conv2dRelu (`relu`: the backend clamps as it writes). */
export function runConv2d<D extends DType>(
  op: string,
  x: Tensor<Shape, D>,
  weight: Tensor<Shape, DType>,
  bias: Tensor<Shape, DType> | null,
  options: Conv2dOptions | undefined,
  relu: boolean,
): Tensor<Shape, D> {
  requireTensor(op, "x", x);
  requireTensor(op, "weight", weight);
  if (bias !== null) requireTensor(op, "bias", bias);
  const plan = planConv2d(op, x, weight, options, (outC) => requireBias(op, bias, outC, 0, x.dtype));
  const g = plan.geometry;
  const backend = currentBackend();
  const heap = backend.residentHeap;
  const y = opOutput(x.dtype, sizeOf(plan.outShape), heap, op);
  if (g.n > 0) backend.conv2dForward(g, kernelData(x, heap), kernelData(weight, heap), bias ? kernelData(bias, heap) : null, y.array, relu);
  const out = y.tensor(plan.outShape);
  return record(
    op,
    out,
    [x, weight, bias],
    (gy, needsGrad) => {
      // an empty batch leaves the gradients' zeros: JS arrays then
      const heap = g.n > 0 ? currentBackend().residentHeap : null;
      const dx = needsGrad[0] ? opOutput(x.dtype, x.size, heap) : null;
      const dw = needsGrad[1] || needsGrad[2] ? opOutput(x.dtype, weight.size, heap) : null;
      const db = bias !== null && (needsGrad[1] || needsGrad[2]) ? opOutput(x.dtype, g.outC, heap) : null;
      const data = (t: Tensor<Shape, DType>) => kernelData(t, heap);
      conv2dGradients(x.dtype, g, data(x), data(weight), data(gy), relu ? data(out) : null, dx?.array ?? null, dw?.array ?? null, db?.array ?? null);
      const dWeight = dw?.tensor(weight.shape) ?? null;
      const dBias = db?.tensor([g.outC]) ?? null;
      return [dx?.tensor(x.shape), needsGrad[1] ? dWeight : null, needsGrad[2] ? dBias : null];
    },
    () => conv2dBound(op, options, relu, g, weight.data),
  );
}

/**
 * conv2d's bound rule: affine in x (the weight and bias are constants); each output is a sum of inC·kH·kW
 * products and the bias, or on wasm possibly the Winograd path's (3x3, stride 1, dilation 1). conv2dRelu is the
 * conv, then relu.
 */
function conv2dBound(op: string, options: Conv2dOptions | undefined, relu: boolean, g: Conv2dGeometry, weight: FloatArray): BoundRule {
  const winograd = g.kH === 3 && g.kW === 3 && g.strideH === 1 && g.strideW === 1 && g.dilH === 1 && g.dilW === 1;
  const conv = affineBound({
    apply: ([x, w, b]) => runConv2d(op, x!, w!, b ?? null, options, false),
    rounding: convRounding(g.inC * g.kH * g.kW + 1, winograd ? g.inC : null, g.outC),
    affineIn: (p) => (p[1] || p[2] ? "its weight or bias depends on the input" : null),
    // The data gradient: each input element sums outC·kH·kW products (or Winograd over outC channels).
    ...(weight instanceof Float32Array &&
      !stepMayUseWinograd(g) && {
        transpose: {
          rows: (dy, k, dx) => withDirectConvs((backend) => backend.conv2dBackwardData({ ...g, n: k * g.n }, dy, weight, dx)),
          // an output window [h0, h1) reads input rows h0·s − pad … (h1 − 1)·s − pad + (kH − 1)·dil: a conv without padding there
          window: (w) => {
            const input = {
              h0: w.h0 * g.strideH - g.padH,
              h1: (w.h1 - 1) * g.strideH - g.padH + (g.kH - 1) * g.dilH + 1,
              w0: w.w0 * g.strideW - g.padW,
              w1: (w.w1 - 1) * g.strideW - g.padW + (g.kW - 1) * g.dilW + 1,
            };
            const sub = { ...g, inH: input.h1 - input.h0, inW: input.w1 - input.w0, outH: w.h1 - w.h0, outW: w.w1 - w.w0, padH: 0, padW: 0 };
            return { input, rows: (dy, k, dx) => withDirectConvs((backend) => backend.conv2dBackwardData({ ...sub, n: k * g.n }, dy, weight, dx)) };
          },
          rounding: convTransposeRounding(g.outC * g.kH * g.kW + 1),
        },
      }),
  });
  return relu ? chainBound(conv, reluBound) : conv;
}

/** conv2dBackward's gradients: dx, dWeight and dBias (null when not asked for). */
export interface Conv2dGrads<XS extends Shape, WS extends Shape, D extends DType> {
  readonly dx: Tensor<XS, D>;
  readonly dWeight: Tensor<WS, D>;
  /** Null when the forward had no bias. */
  readonly dBias: Tensor<[WS[0]], D> | null;
}

/** What a conv backward computes besides dx and dWeight. */
export interface BackwardOptions {
  /** Compute dBias (the forward had a bias). Default true. */
  readonly bias?: boolean;
}

export type BackwardOptionNames = readonly ["bias"];
export const backwardOptionNames: BackwardOptionNames = ["bias"];

/** Vector-Jacobian products of conv2d for the upstream gradient dy (shape of the forward's output). */
export function conv2dBackward<
  XS extends Shape,
  WS extends Shape,
  D extends DType,
  WD extends DType,
  DS extends Shape,
  DD extends DType,
  const O extends OpenOptions<Conv2dOptions> = {},
  const B extends OpenOptions<BackwardOptions> = {},
>(
  x: Tensor<XS, D> & XGuard<XS, "conv2dBackward">,
  weight: Tensor<WS, WD> & Conv2dWeightGuard<"conv2dBackward", XS, WS, O, D, WD>,
  dy: Tensor<DS, DD> & DyGuard<"conv2dBackward", Conv2dShape<XS, WS, O, "conv2dBackward">, DS, D, DD>,
  options?: O & Conv2dOptionsGuard<"conv2dBackward", O>,
  backward?: B & OptionsGuard<"conv2dBackward", B, BackwardOptionNames>,
): Conv2dGrads<XS, WS, D> {
  const plan = planConv2d("conv2dBackward", x, weight, options, (_outC, outShape) => {
    if (outShape !== null) requireGradShape("conv2dBackward", outShape, dy.shape);
    requireDType("conv2dBackward", "dy", "x", x.dtype, dy.dtype);
  });
  requireKnownOptions("conv2dBackward", backward, backwardOptionNames);
  return explicitGradients(plan.geometry, x, weight, dy as Tensor<Shape, DType>, null, backward?.bias !== false) as Conv2dGrads<XS, WS, D>;
}

/**
 * conv2dBackward(x, weight, reluBackward(dy, y), options) as one step: the gradients of conv2dRelu's output y, for
 * models that chain their backward by hand (UNet2's spec twin), so a backend that fuses them reads dy once and
 * takes relu's mask where the conv's gradients run. Checks and messages as conv2dBackward's; y is checked as dy is.
 */
export function conv2dReluBackward<D extends DType>(
  x: Tensor<Shape, D>,
  weight: Tensor<Shape, DType>,
  y: Tensor<Shape, DType>,
  dy: Tensor<Shape, DType>,
  options?: Conv2dOptions,
): Conv2dGrads<Shape, Shape, D> {
  const op = "conv2dBackward";
  const plan = planConv2d(op, x, weight, options, (_outC, outShape) => {
    if (outShape !== null) {
      requireGradShape(op, outShape, dy.shape);
      requireGradShape(op, outShape, y.shape, "y");
    }
    requireDType(op, "dy", "x", x.dtype, dy.dtype);
    requireDType(op, "y", "x", x.dtype, y.dtype);
  });
  return explicitGradients(plan.geometry, x, weight, dy, y, true);
}

/** The explicit backward ops' result: every gradient, dBias when asked for. */
function explicitGradients<D extends DType>(
  g: Conv2dGeometry,
  x: Tensor<Shape, D>,
  weight: Tensor<Shape, DType>,
  dy: Tensor<Shape, DType>,
  reluY: Tensor<Shape, DType> | null,
  withBias: boolean,
): Conv2dGrads<Shape, Shape, D> {
  // an empty batch leaves the gradients' zeros: JS arrays then
  const heap = g.n > 0 ? currentBackend().residentHeap : null;
  const dx = opOutput(x.dtype, x.size, heap);
  const dw = opOutput(x.dtype, weight.size, heap);
  const db = withBias ? opOutput(x.dtype, g.outC, heap) : null;
  const data = (t: Tensor<Shape, DType>) => kernelData(t, heap);
  conv2dGradients(x.dtype, g, data(x), data(weight), data(dy), reluY === null ? null : data(reluY), dx.array, dw.array, db?.array ?? null);
  return { dx: dx.tensor(x.shape), dWeight: dw.tensor(weight.shape), dBias: db?.tensor([g.outC]) ?? null };
}

/**
 * conv2d's gradients for upstream dy into those given (dx, dw, db; an empty batch leaves their zeros): with reluY
 * (conv2dRelu's output), dy first masked as reluBackward masks it. One backend call when the backend fuses them.
 */
function conv2dGradients(
  dtype: DType,
  g: Conv2dGeometry,
  x: FloatArray,
  w: FloatArray,
  dy: FloatArray,
  reluY: FloatArray | null,
  dx: FloatArray | null,
  dw: FloatArray | null,
  db: FloatArray | null,
): void {
  if (g.n === 0) return;
  const backend = currentBackend();
  if (backend.conv2dBackward?.(g, x, w, dy, reluY, dx, dw, db) === true) return;
  // relu's mask first: the op's own buffer, read by the two kernels below only: scratch, given back after them
  const grad = reluY === null ? dy : takeScratch(dtype, dy.length);
  if (reluY !== null) backend.reluBackward(reluY, dy, grad);
  if (dx !== null) backend.conv2dBackwardData(g, grad, w, dx);
  if (dw !== null) backend.conv2dBackwardWeight(g, x, grad, dw, db);
  if (reluY !== null) giveScratch(grad);
}
