import type { ConvTranspose2dOptionNames, ConvTranspose2dOptions, ConvTranspose2dShape } from "../../types/ops/conv-transpose2d.js";
import type { OpenOptions, OptionsGuard } from "../../types/ops/options.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { record } from "../autograd/graph.js";
import { currentBackend } from "../backend.js";
import { ShapeError } from "../errors.js";
import type { ConvTranspose2dGeometry } from "../kernels/geometry.js";
import { convTransposeOut } from "../shape/conv-transpose-out.js";
import { allocate, Tensor } from "../tensor/tensor.js";
import { badRank } from "../tensor/messages.js";
import {
  type BackwardOptionNames,
  type BackwardOptions,
  backwardOptionNames,
  type BiasCheck,
  type DyGuard,
  type ParamGuard,
  requireParamDTypes,
  type XGuard,
} from "./conv2d.js";
import { requireDType } from "./dtype.js";
import type { ShapedResult } from "./result.js";
import { requireGradShape } from "./grad-shape.js";
import { imageShape, pairOf, requireAgree, requireNonEmpty, requireNonEmptyImage, requireRank, splitImage } from "./image.js";
import { requireKnownOptions } from "./options.js";

export type { ConvTranspose2dOptionNames, ConvTranspose2dOptions, ConvTranspose2dShape };

export const convTranspose2dOptionNames: ConvTranspose2dOptionNames = ["stride", "padding", "outputPadding", "dilation"];

export interface ConvTranspose2dPlan {
  readonly geometry: ConvTranspose2dGeometry;
  readonly outShape: number[];
}

export function planConvTranspose2d(
  op: string,
  xShape: readonly number[],
  wShape: readonly number[],
  bShape: readonly number[] | null,
  options: ConvTranspose2dOptions,
): ConvTranspose2dPlan {
  const x = splitImage(op, xShape);
  requireRank(op, "weight", "(inC, outC, kH, kW)", wShape, 4);
  const [inC, outC, kH, kW] = wShape as [number, number, number, number];
  requireAgree(op, "weight axis 0 (inC) and x's channel axis", inC, x.c);
  if (bShape !== null) {
    if (bShape.length !== 1) throw new ShapeError(badRank(op, "bias", "(outC)", bShape.length));
    requireAgree(op, "bias axis 0 and weight axis 1", bShape[0]!, outC);
  }
  const [strideH, strideW] = pairOf(op, "stride", options.stride, 1);
  const [padH, padW] = pairOf(op, "padding", options.padding, 0);
  const [outPadH, outPadW] = pairOf(op, "outputPadding", options.outputPadding, 0);
  const [dilH, dilW] = pairOf(op, "dilation", options.dilation, 1);
  const outH = convTransposeOut(x.h, kH, strideH, padH, outPadH, dilH, op, "H");
  const outW = convTransposeOut(x.w, kW, strideW, padW, outPadW, dilW, op, "W");
  // After the formulas, which reject a zero kernel or input size with the compiler's sentence.
  requireNonEmptyImage(op, x, xShape);
  requireNonEmpty(op, "weight", wShape);
  return {
    geometry: { n: x.n, inC, inH: x.h, inW: x.w, outC, outH, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW, outPadH, outPadW },
    outShape: imageShape(x, outC, outH, outW),
  };
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
  weight: Tensor<WS, WD> & ParamGuard<"convTranspose2d", "weight", ConvTranspose2dShape<XS, WS, O>, D, WD>,
  bias?: (Tensor<BS, BD> & ParamGuard<"convTranspose2d", "bias", BiasCheck<WS, BS, 1, "convTranspose2d">, D, BD>) | null,
  options?: O & OptionsGuard<"convTranspose2d", O, ConvTranspose2dOptionNames>,
): ShapedResult<ConvTranspose2dShape<XS, WS, O>, D> {
  const plan = planConvTranspose2d("convTranspose2d", x.shape, weight.shape, bias ? bias.shape : null, options ?? {});
  requireParamDTypes("convTranspose2d", x.dtype, weight.dtype, bias ? bias.dtype : null);
  requireKnownOptions("convTranspose2d", options, convTranspose2dOptionNames);
  const y = allocate(x.dtype, plan.outShape.reduce((a, b) => a * b, 1));
  const g = plan.geometry;
  const input = x as Tensor<Shape, D>;
  const w = weight as Tensor<Shape, DType>;
  const b = (bias ?? null) as Tensor<Shape, DType> | null;
  if (g.n > 0) currentBackend().convTranspose2dForward(g, input.data, w.data, b ? b.data : null, y);
  const out = Tensor.wrap(plan.outShape, input.dtype, y);
  return record("convTranspose2d", out, [input, w, b], (gy, needsGrad) => {
    const backend = currentBackend();
    const dx = needsGrad[0] ? allocate(input.dtype, input.data.length) : null;
    const dw = needsGrad[1] || needsGrad[2] ? allocate(input.dtype, w.data.length) : null;
    const db = b !== null && (needsGrad[1] || needsGrad[2]) ? allocate(input.dtype, g.outC) : null;
    // An empty batch (N = 0) has zero gradients, already allocated.
    if (g.n > 0 && dx !== null) backend.convTranspose2dBackwardData(g, gy.data, w.data, dx);
    if (g.n > 0 && dw !== null) backend.convTranspose2dBackwardWeight(g, input.data, gy.data, dw, db);
    return [
      dx && Tensor.wrap(input.shape, input.dtype, dx),
      needsGrad[1] && dw ? Tensor.wrap(w.shape, input.dtype, dw) : null,
      needsGrad[2] && db ? Tensor.wrap([g.outC], input.dtype, db) : null,
    ];
  }) as ShapedResult<ConvTranspose2dShape<XS, WS, O>, D>;
}

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
  weight: Tensor<WS, WD> & ParamGuard<"convTranspose2dBackward", "weight", ConvTranspose2dShape<XS, WS, O, "convTranspose2dBackward">, D, WD>,
  dy: Tensor<DS, DD> & DyGuard<"convTranspose2dBackward", ConvTranspose2dShape<XS, WS, O, "convTranspose2dBackward">, DS, D, DD>,
  options?: O & OptionsGuard<"convTranspose2dBackward", O, ConvTranspose2dOptionNames>,
  backward?: B & OptionsGuard<"convTranspose2dBackward", B, BackwardOptionNames>,
): ConvTranspose2dGrads<XS, WS, D> {
  const plan = planConvTranspose2d("convTranspose2dBackward", x.shape, weight.shape, null, options ?? {});
  requireParamDTypes("convTranspose2dBackward", x.dtype, weight.dtype, null);
  requireGradShape("convTranspose2dBackward", plan.outShape, dy.shape);
  requireDType("convTranspose2dBackward", "dy", "x", x.dtype, dy.dtype);
  requireKnownOptions("convTranspose2dBackward", options, convTranspose2dOptionNames);
  requireKnownOptions("convTranspose2dBackward", backward, backwardOptionNames);
  const backend = currentBackend();
  const dx = allocate(x.dtype, x.data.length);
  const dw = allocate(x.dtype, weight.data.length);
  const db = backward?.bias === false ? null : allocate(x.dtype, plan.geometry.outC);
  // An empty batch (N = 0) has zero gradients, already allocated.
  if (plan.geometry.n > 0) {
    backend.convTranspose2dBackwardData(plan.geometry, dy.data, weight.data, dx);
    backend.convTranspose2dBackwardWeight(plan.geometry, x.data, dy.data, dw, db);
  }
  return {
    dx: Tensor.wrap(x.shape, x.dtype, dx),
    dWeight: Tensor.wrap(weight.shape, x.dtype, dw),
    dBias: db ? Tensor.wrap([plan.geometry.outC] as [WS[1]], x.dtype, db) : null,
  };
}
