import type {
  ConvTranspose2dOptionNames,
  ConvTranspose2dOptions,
  ConvTranspose2dOptionsGuard,
  ConvTranspose2dShape,
  ConvTranspose2dSpatialGuard,
} from "../../types/ops/conv-transpose2d.js";
import type { OpenOptions, OptionsGuard } from "../../types/ops/options.js";
import type { ImageChannels, MustMatchThen, WeightAxis } from "../../types/ops/common.js";
import type { FirstMessage } from "../../types/ops/first-message.js";
import type { DTypeCheck } from "../../types/ops/dtype-check.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { record } from "../autograd/graph.js";
import { affineBound, type BoundRule } from "../bounds/rule.js";
import { convRounding, convTransposeRounding, stepMayUseWinograd, withDirectConvs } from "../bounds/conv-rounding.js";
import { currentBackend } from "../backend.js";
import { ShapeError } from "../errors.js";
import type { Conv2dGeometry, ConvTranspose2dGeometry, FloatArray } from "../kernels/geometry.js";
import type { Window } from "../bounds/window.js";
import { outputPaddingTooLarge } from "../messages/shape.js";
import { checkPositive } from "../shape/conv-out.js";
import { convTransposeOut } from "../shape/conv-transpose-out.js";
import { toNats } from "../shape/natural.js";
import { kernelData, type Tensor } from "../tensor/tensor.js";
import { opOutput } from "./output.js";
import { sizeOf } from "./shape/common.js";
import {
  type ArgInfo,
  type BackwardOptionNames,
  type BackwardOptions,
  backwardOptionNames,
  type BiasCheck,
  deferShapeError,
  type DyGuard,
  type ParamGuard,
  requireBias,
  type WindowPairs,
  type XGuard,
} from "./conv2d.js";
import { requireDType } from "./dtype.js";
import type { ShapedResult } from "./result.js";
import { requireGradShape } from "./grad-shape.js";
import { imageShape, pairOf, requireAgree, requireNonEmpty, requireNonEmptyImage, requireRank, splitImage } from "./image.js";
import { requireTensor } from "./tensor-arg.js";
import { requireKnownOptions } from "./options.js";

export type { ConvTranspose2dOptionNames, ConvTranspose2dOptions, ConvTranspose2dShape };

export const convTranspose2dOptionNames: ConvTranspose2dOptionNames = ["stride", "padding", "outputPadding", "dilation"];

export interface ConvTranspose2dPlan {
  readonly geometry: ConvTranspose2dGeometry;
  readonly outShape: number[];
}

/** Transposed-conv hyperparameters as [h, w] pairs. */
export interface TransposePairs extends WindowPairs {
  readonly outputPadding: [number, number];
}

/**
 * Runtime twin of ConvTranspose2dOptionsCheck: the hyperparameters as pairs, checked on their own, axis H then W:
 * stride, padding, output padding and dilation natural numbers, stride and dilation positive, then the output
 * padding smaller than the stride or the dilation.
 */
export function convTranspose2dOptionPairs(op: string, options: ConvTranspose2dOptions): TransposePairs {
  const pairs: TransposePairs = {
    stride: pairOf(op, "stride", options.stride, 1),
    padding: pairOf(op, "padding", options.padding, 0),
    outputPadding: pairOf(op, "outputPadding", options.outputPadding, 0),
    dilation: pairOf(op, "dilation", options.dilation, 1),
  };
  (["H", "W"] as const).forEach((axis, i) => {
    const [s, , outPad, d] = toNats(
      [
        [pairs.stride[i]!, "stride"],
        [pairs.padding[i]!, "padding"],
        [pairs.outputPadding[i]!, "output padding"],
        [pairs.dilation[i]!, "dilation"],
      ],
      op,
      axis,
    ) as [bigint, bigint, bigint, bigint];
    checkPositive(1n, s, d, op, axis);
    if (outPad >= s && outPad >= d) throw new ShapeError(outputPaddingTooLarge(op, axis, outPad, s, d));
  });
  return pairs;
}

/** convTranspose2d's run-time checks in the compiler's argument order, as planConv2d's. */
export function planConvTranspose2d(
  op: string,
  x: ArgInfo,
  weight: ArgInfo,
  options: ConvTranspose2dOptions | undefined,
  between: (outC: number, outShape: number[] | null) => void = () => {},
): ConvTranspose2dPlan {
  const img = splitImage(op, x.shape);
  requireRank(op, "weight", "(inC, outC, kH, kW)", weight.shape, 4);
  const [inC, outC, kH, kW] = weight.shape as [number, number, number, number];
  requireAgree(op, "weight axis 0 (inC) and x's channel axis", inC, img.c);
  const pairs = deferShapeError(() => convTranspose2dOptionPairs(op, options ?? {}));
  let plan: ConvTranspose2dPlan | null = null;
  if (!(pairs instanceof ShapeError)) {
    const {
      stride: [strideH, strideW],
      padding: [padH, padW],
      outputPadding: [outPadH, outPadW],
      dilation: [dilH, dilW],
    } = pairs;
    const outH = convTransposeOut(img.h, kH, strideH, padH, outPadH, dilH, op, "H");
    const outW = convTransposeOut(img.w, kW, strideW, padW, outPadW, dilW, op, "W");
    plan = {
      geometry: { n: img.n, inC, inH: img.h, inW: img.w, outC, outH, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW, outPadH, outPadW },
      outShape: imageShape(img, outC, outH, outW),
    };
  }
  requireDType(op, "weight", "x", x.dtype, weight.dtype);
  between(outC, plan === null ? null : plan.outShape);
  requireKnownOptions(op, options, convTranspose2dOptionNames);
  if (pairs instanceof ShapeError) throw pairs;
  // After the formulas, which reject a zero kernel or input size with the compiler's sentence.
  requireNonEmptyImage(op, img, x.shape);
  requireNonEmpty(op, "weight", weight.shape);
  return plan!;
}

/**
 * Transposed 2-D convolution, as torch.nn.functional.conv_transpose2d (groups 1).
 * x (C, H, W) or (N, C, H, W); weight (inC, outC, kH, kW); bias (outC) or null.
 */
export function convTranspose2d<
  XS extends Shape,
  WS extends Shape,
  D extends DType,
  WD extends DType,
  BS extends Shape = [WS[1]],
  BD extends DType = D,
  const O extends OpenOptions<ConvTranspose2dOptions> = {},
>(
  x: Tensor<XS, D> & XGuard<XS, "convTranspose2d">,
  weight: Tensor<WS, WD> & ConvTranspose2dWeightGuard<"convTranspose2d", XS, WS, O, D, WD>,
  bias?: (Tensor<BS, BD> & ParamGuard<"convTranspose2d", "bias", BiasCheck<WS, BS, 1, "convTranspose2d">, D, BD>) | null,
  options?: O & ConvTranspose2dOptionsGuard<"convTranspose2d", O>,
): ShapedResult<ConvTranspose2dShape<XS, WS, O>, D> {
  requireTensor("convTranspose2d", "x", x);
  requireTensor("convTranspose2d", "weight", weight);
  if (bias !== undefined && bias !== null) requireTensor("convTranspose2d", "bias", bias);
  const plan = planConvTranspose2d("convTranspose2d", x, weight, options, (outC) => requireBias("convTranspose2d", bias ?? null, outC, 1, x.dtype));
  const g = plan.geometry;
  const input = x as Tensor<Shape, D>;
  const w = weight as Tensor<Shape, DType>;
  const b = (bias ?? null) as Tensor<Shape, DType> | null;
  const backend = currentBackend();
  const heap = backend.residentHeap;
  const y = opOutput(input.dtype, sizeOf(plan.outShape), heap, "convTranspose2d");
  if (g.n > 0) backend.convTranspose2dForward(g, kernelData(input, heap), kernelData(w, heap), b ? kernelData(b, heap) : null, y.array);
  const out = y.tensor(plan.outShape);
  return record(
    "convTranspose2d",
    out,
    [input, w, b],
    (gy, needsGrad) => {
      const backend = currentBackend();
      // An empty batch (N = 0) has zero gradients: JS arrays, allocated zeroed
      const heap = g.n > 0 ? backend.residentHeap : null;
      const dx = needsGrad[0] ? opOutput(input.dtype, input.size, heap) : null;
      const dw = needsGrad[1] || needsGrad[2] ? opOutput(input.dtype, w.size, heap) : null;
      const db = b !== null && (needsGrad[1] || needsGrad[2]) ? opOutput(input.dtype, g.outC, heap) : null;
      const data = (t: Tensor<Shape, DType>) => kernelData(t, heap);
      if (g.n > 0 && dx !== null) backend.convTranspose2dBackwardData(g, data(gy), data(w), dx.array);
      if (g.n > 0 && dw !== null) backend.convTranspose2dBackwardWeight(g, data(input), data(gy), dw.array, db?.array ?? null);
      const dWeight = dw?.tensor(w.shape) ?? null;
      const dBias = db?.tensor([g.outC]) ?? null;
      return [dx?.tensor(input.shape), needsGrad[1] ? dWeight : null, needsGrad[2] ? dBias : null];
    },
    () => convTranspose2dBound(options, g, w.data),
  ) as unknown as ShapedResult<ConvTranspose2dShape<XS, WS, O>, D>;
}

type AnyTensor = Tensor<Shape, DType>;

/**
 * convTranspose2d's bound rule (every option, output_padding included): affine in x; each output sums at most
 * inC·kH·kW products and the bias; with 3x3, stride 1, dilation 1 the wasm backend may run it as a Winograd conv.
 */
function convTranspose2dBound(options: ConvTranspose2dOptions | undefined, g: ConvTranspose2dGeometry, weight: FloatArray): BoundRule {
  const run = convTranspose2d as unknown as (x: AnyTensor, w: AnyTensor, b: AnyTensor | null, o?: ConvTranspose2dOptions) => AnyTensor;
  const winograd = g.kH === 3 && g.kW === 3 && g.strideH === 1 && g.strideW === 1 && g.dilH === 1 && g.dilW === 1;
  const channels = Math.max(g.inC, g.outC);
  return affineBound({
    apply: ([x, w, b]) => run(x!, w!, b ?? null, options),
    rounding: convRounding(channels * g.kH * g.kW + 1, winograd ? channels : null, g.outC),
    affineIn: (p) => (p[1] || p[2] ? "its weight or bias depends on the input" : null),
    // The data gradient is a conv of the rows: each input element sums outC·kH·kW products (or Winograd).
    ...(weight instanceof Float32Array &&
      !stepMayUseWinograd(g) && {
        transpose: {
          rows: (dy, k, dx) => withDirectConvs((backend) => backend.convTranspose2dBackwardData({ ...g, n: k * g.n }, dy, weight, dx)),
          window: (w) => convTransposeWindow(g, weight, w),
          rounding: convTransposeRounding(channels * g.kH * g.kW + 1),
        },
      }),
  });
}

/**
 * CROWN's windowed step through convTranspose2d (Float32Transpose.window): the input rows i whose outputs
 * i·s − pad + t·dil (t < k) meet the output window, found as the conv (stride s, no padding) of the output window's
 * rows, zero-extended to the rows those inputs read, with the transposed conv's weight as the conv's.
 */
function convTransposeWindow(g: ConvTranspose2dGeometry, weight: Float32Array, w: Window) {
  const first = (a: number, pad: number, k: number, dil: number, s: number) => Math.max(0, Math.ceil((a + pad - (k - 1) * dil) / s));
  const last = (b: number, pad: number, s: number, size: number) => Math.min(size - 1, Math.floor((b - 1 + pad) / s));
  const i0 = first(w.h0, g.padH, g.kH, g.dilH, g.strideH);
  const i1 = Math.max(i0 - 1, last(w.h1, g.padH, g.strideH, g.inH));
  const j0 = first(w.w0, g.padW, g.kW, g.dilW, g.strideW);
  const j1 = Math.max(j0 - 1, last(w.w1, g.padW, g.strideW, g.inW));
  const input = { h0: i0, h1: i1 + 1, w0: j0, w1: j1 + 1 };
  // the output rows the conv reads: i·s − pad + t·dil for i in [i0, i1], t < k
  const e = {
    h0: i0 * g.strideH - g.padH,
    h1: i1 * g.strideH - g.padH + (g.kH - 1) * g.dilH + 1,
    w0: j0 * g.strideW - g.padW,
    w1: j1 * g.strideW - g.padW + (g.kW - 1) * g.dilW + 1,
  };
  const eh = e.h1 - e.h0;
  const ew = e.w1 - e.w0;
  const bh = w.h1 - w.h0;
  const bw = w.w1 - w.w0;
  const rows = (dy: Float32Array, k: number, dx: Float32Array) => {
    if (i1 < i0 || j1 < j0) return;
    const ext = new Float32Array(k * g.outC * eh * ew);
    const h0 = Math.max(e.h0, w.h0);
    const h1 = Math.min(e.h1, w.h1);
    const c0 = Math.max(e.w0, w.w0);
    const c1 = Math.min(e.w1, w.w1);
    if (h1 > h0 && c1 > c0) {
      for (let p = 0; p < k * g.outC; p++) {
        for (let h = h0; h < h1; h++) {
          const src = (p * bh + h - w.h0) * bw + (c0 - w.w0);
          ext.set(dy.subarray(src, src + c1 - c0), (p * eh + h - e.h0) * ew + (c0 - e.w0));
        }
      }
    }
    const conv: Conv2dGeometry = {
      n: k * g.n,
      inC: g.outC,
      inH: eh,
      inW: ew,
      outC: g.inC,
      outH: i1 - i0 + 1,
      outW: j1 - j0 + 1,
      kH: g.kH,
      kW: g.kW,
      strideH: g.strideH,
      strideW: g.strideW,
      padH: 0,
      padW: 0,
      dilH: g.dilH,
      dilW: g.dilW,
    };
    withDirectConvs((backend) => backend.conv2dForward(conv, ext, weight, null, dx, false));
  };
  return { input, rows };
}

/** convTranspose2d's weight parameter check, as Conv2dWeightGuard: the channels last (MustMatch), then the rest. */
export type ConvTranspose2dWeightGuard<Op extends string, XS extends Shape, WS extends Shape, O, D extends DType, WD extends DType> =
  FirstMessage<[ConvTranspose2dShape<XS, WS, O, Op, true, false>]> extends infer E extends string
    ? E
    : MustMatchThen<
        Op,
        "weight axis 0 (inC) and x's channel axis",
        WeightAxis<WS, 0>,
        ImageChannels<XS>,
        ConvTranspose2dSizeGuard<Op, XS, WS, O, D, WD>
      >;

/** The weight's check once the channels agree, as Conv2dSizeGuard. */
export type ConvTranspose2dSizeGuard<
  Op extends string,
  XS extends Shape,
  WS extends Shape,
  O,
  D extends DType,
  WD extends DType,
> = ConvTranspose2dSpatialGuard<XS, WS, O, Op, FirstMessage<[DTypeCheck<Op, "weight", "x", D, WD>]>>;

/** convTranspose2dBackward's gradients: dx, dWeight and dBias (null when not asked for). */
export interface ConvTranspose2dGrads<XS extends Shape, WS extends Shape, D extends DType> {
  readonly dx: Tensor<XS, D>;
  readonly dWeight: Tensor<WS, D>;
  readonly dBias: Tensor<[WS[1]], D> | null;
}

/** Vector-Jacobian products of convTranspose2d for the upstream gradient dy. */
export function convTranspose2dBackward<
  XS extends Shape,
  WS extends Shape,
  D extends DType,
  WD extends DType,
  DS extends Shape,
  DD extends DType,
  const O extends OpenOptions<ConvTranspose2dOptions> = {},
  const B extends OpenOptions<BackwardOptions> = {},
>(
  x: Tensor<XS, D> & XGuard<XS, "convTranspose2dBackward">,
  weight: Tensor<WS, WD> & ConvTranspose2dWeightGuard<"convTranspose2dBackward", XS, WS, O, D, WD>,
  dy: Tensor<DS, DD> & DyGuard<"convTranspose2dBackward", ConvTranspose2dShape<XS, WS, O, "convTranspose2dBackward">, DS, D, DD>,
  options?: O & ConvTranspose2dOptionsGuard<"convTranspose2dBackward", O>,
  backward?: B & OptionsGuard<"convTranspose2dBackward", B, BackwardOptionNames>,
): ConvTranspose2dGrads<XS, WS, D> {
  const plan = planConvTranspose2d("convTranspose2dBackward", x, weight, options, (_outC, outShape) => {
    if (outShape !== null) requireGradShape("convTranspose2dBackward", outShape, dy.shape);
    requireDType("convTranspose2dBackward", "dy", "x", x.dtype, dy.dtype);
  });
  requireKnownOptions("convTranspose2dBackward", backward, backwardOptionNames);
  const backend = currentBackend();
  // An empty batch (N = 0) has zero gradients: zeroed JS arrays
  const heap = plan.geometry.n > 0 ? backend.residentHeap : null;
  const dx = opOutput(x.dtype, x.size, heap);
  const dw = opOutput(x.dtype, weight.size, heap);
  const db = backward?.bias === false ? null : opOutput(x.dtype, plan.geometry.outC, heap);
  if (plan.geometry.n > 0) {
    const dyData = kernelData(dy as Tensor<Shape, DType>, heap);
    backend.convTranspose2dBackwardData(plan.geometry, dyData, kernelData(weight as Tensor<Shape, DType>, heap), dx.array);
    backend.convTranspose2dBackwardWeight(plan.geometry, kernelData(x as Tensor<Shape, DType>, heap), dyData, dw.array, db?.array ?? null);
  }
  return {
    dx: dx.tensor(x.shape),
    dWeight: dw.tensor(weight.shape),
    dBias: db ? db.tensor([plan.geometry.outC] as [WS[1]]) : null,
  } as ConvTranspose2dGrads<XS, WS, D>;
}
