import type { OrMessage } from "../../../types/ops/common.js";
import type { DTypeCheck } from "../../../types/ops/dtype-check.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { AffineCheck, LayerNormCheck, NormOptionNames, NormOptions } from "../../../types/ops/norm/layer-norm.js";
import type { OpenOptions, OptionsGuard } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { currentBackend } from "../../backend.js";
import { ShapeError } from "../../errors.js";
import { type ArrayFor, kernelData, type Tensor } from "../../tensor/tensor.js";
import type { ResidentHeap } from "../../tensor/resident.js";
import { opOutput } from "../output.js";
import { axisMismatch, badRank } from "../../tensor/messages.js";
import { requireDType } from "../dtype.js";
import { requireKnownOptions } from "../options.js";
import { normalizedShapeEmpty, normalizedShapeTooLong } from "./messages.js";
import { type RowMoments, recordNorm, rowMoments } from "./row-norm.js";
import { intervalBound } from "../../bounds/rule.js";
import { normInterval } from "../../bounds/norm-interval.js";

export type { NormOptionNames, NormOptions };

export const normOptionNames: NormOptionNames = ["eps"];

const op = "layerNorm";

/** Weight or bias: normalizedShape's shape (once normalizedShape itself is right), then x's dtype. */
type LayerNormParamGuard<Arg extends string, XS extends Shape, NS extends Shape, D extends DType, PS extends Shape, PD extends DType> = FirstMessage<
  [LayerNormCheck<XS, NS> extends string ? true : AffineCheck<"layerNorm", Arg, NS, PS>, DTypeCheck<"layerNorm", Arg, "x", D, PD>]
>;

/** normalizedShape against x's trailing axes, with LayerNormCheck's messages in its order (the last axis first). */
function checkNormalizedShape(xShape: readonly number[], ns: readonly number[]): void {
  if (ns.length === 0) throw new ShapeError(normalizedShapeEmpty(op));
  if (ns.length > xShape.length) throw new ShapeError(normalizedShapeTooLong(op, ns.length, xShape.length));
  const offset = xShape.length - ns.length;
  for (let i = ns.length - 1; i >= 0; i--) {
    if (ns[i] !== xShape[offset + i]) {
      throw new ShapeError(axisMismatch(op, `normalizedShape axis ${i} and x axis ${offset + i}`, ns[i]!, xShape[offset + i]!));
    }
  }
}

/** Weight or bias against normalizedShape (AffineCheck's messages), then its dtype against x's. */
function checkAffine(arg: "weight" | "bias", t: Tensor<Shape, DType>, ns: readonly number[], dtype: DType): void {
  if (t.shape.length !== ns.length) throw new ShapeError(badRank(op, arg, `rank ${ns.length} like normalizedShape`, t.shape.length));
  for (let i = 0; i < ns.length; i++) {
    if (t.shape[i] !== ns[i]) throw new ShapeError(axisMismatch(op, `${arg} axis ${i} and normalizedShape axis ${i}`, t.shape[i]!, ns[i]!));
  }
  requireDType(op, arg, "x", dtype, t.dtype);
}

/**
 * Layer normalization as torch.nn.functional.layer_norm: over the trailing axes given by `normalizedShape` (a
 * list, which must be x's trailing axes; PyTorch also takes a bare int), y = (x - mean) / sqrt(var + eps) * weight + bias, with the
 * biased variance. weight and bias (normalizedShape's shape) are optional. Gradients for x, weight and bias.
 * Float32 runs on the backend's row kernels when it has them (the WebAssembly one: the same float64 arithmetic per
 * row, and the weight and bias gradients summed in float64 where these loops sum them in float32), else these loops.
 */
export function layerNorm<
  XS extends Shape,
  D extends DType,
  const NS extends Shape,
  WS extends Shape = Shape,
  WD extends DType = D,
  BS extends Shape = Shape,
  BD extends DType = D,
  const O extends OpenOptions<NormOptions> = {},
>(
  x: Tensor<XS, D>,
  normalizedShape: OrMessage<NS, LayerNormCheck<XS, NS>>,
  weight?: (Tensor<WS, WD> & LayerNormParamGuard<"weight", XS, NS, D, WS, WD>) | null,
  bias?: (Tensor<BS, BD> & LayerNormParamGuard<"bias", XS, NS, D, BS, BD>) | null,
  options?: O & OptionsGuard<"layerNorm", O, NormOptionNames>,
): Tensor<XS, D> {
  const ns: readonly number[] = normalizedShape as NS;
  checkNormalizedShape(x.shape, ns);
  const w = weight ?? null;
  const b = bias ?? null;
  if (w !== null) checkAffine("weight", w, ns, x.dtype);
  if (b !== null) checkAffine("bias", b, ns, x.dtype);
  requireKnownOptions(op, options, normOptionNames);
  const eps = options?.eps ?? 1e-5;
  const inner = ns.reduce((p, d) => p * d, 1);
  const rows = inner === 0 ? 0 : x.size / inner;
  const backend = currentBackend();
  // the row kernels write every element of y (and later of dx, dw, db): those may stay in the backend's memory
  const kernels = x.dtype === "float32" && backend.layerNormRows !== undefined;
  const heap = kernels ? backend.residentHeap : null;
  const xd = kernelData(x, heap);
  const wd = w === null ? null : kernelData(w, heap);
  const bd = b === null ? null : kernelData(b, heap);
  const y = opOutput(x.dtype, x.size, heap);
  let moments: RowMoments;
  if (kernels && float32(xd) && float32(y.array) && float32(wd) && float32(bd) && backend.layerNormRows !== undefined) {
    moments = { mean: new Float64Array(rows), rstd: new Float64Array(rows) };
    backend.layerNormRows(rows, inner, eps, xd, wd, bd, y.array, moments.mean, moments.rstd);
  } else {
    moments = rowMoments(xd, rows, inner, eps);
    normalizeRows(xd, wd, bd, moments, rows, inner, y.array);
  }
  const { mean, rstd } = moments;
  const out = y.tensor(x.shape);
  const backwardHeap = (): ResidentHeap | null => {
    const now = currentBackend();
    return x.dtype === "float32" && now.layerNormRowsBackward !== undefined ? (now.residentHeap ?? null) : null;
  };
  recordNorm(
    op,
    out,
    x,
    w,
    b,
    inner,
    (gy, dx, dw, db) => {
      const heap = backwardHeap();
      normBackward(gy, kernelData(x, heap), w === null ? null : kernelData(w, heap), mean, rstd, rows, inner, dx, dw, db);
    },
    () => intervalBound((l, u, unit) => normInterval(l, u, rows, inner, w === null ? null : w.data, b === null ? null : b.data, eps, unit)),
    backwardHeap,
  );
  return out;
}

/** y = (x - mean) * rstd * weight + bias for each row of `inner` elements, in float64 (the JS path). */
function normalizeRows(
  xd: ArrayLike<number>,
  wd: ArrayLike<number> | null,
  bd: ArrayLike<number> | null,
  { mean, rstd }: RowMoments,
  rows: number,
  inner: number,
  y: ArrayFor<DType>,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    const m = mean[r]!;
    const s = rstd[r]!;
    for (let j = 0; j < inner; j++) {
      const h = (xd[base + j]! - m) * s;
      y[base + j] = (wd === null ? h : h * wd[j]!) + (bd === null ? 0 : bd[j]!);
    }
  }
}

/** Whether `a` is float32 data (or absent): what the backend's row kernels take. */
function float32<T extends ArrayLike<number> | null>(a: T): a is T & (Float32Array | null) {
  return a === null || a instanceof Float32Array;
}

/**
 * Backward of rows of length `inner` normalized with (mean, rstd), scaled by weight[j]: with g = gy * weight and
 * h = (x - mean) * rstd, dx = rstd * (g - mean(g) - h * mean(g * h)); dWeight += gy * h; dBias += gy.
 */
function normBackward(
  gy: ArrayLike<number>,
  xd: ArrayLike<number>,
  wd: ArrayLike<number> | null,
  mean: Float64Array,
  rstd: Float64Array,
  rows: number,
  inner: number,
  dx: ArrayFor<DType> | null,
  dw: ArrayFor<DType> | null,
  db: ArrayFor<DType> | null,
): void {
  const backend = currentBackend();
  if (float32(gy) && float32(xd) && float32(wd) && float32(dx) && float32(dw) && float32(db) && backend.layerNormRowsBackward !== undefined) {
    // The kernel overwrites dw and db; recordNorm hands them in zeroed, so that is the sum this loop accumulates.
    backend.layerNormRowsBackward(rows, inner, xd, wd, mean, rstd, gy, dx, dw, db);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    const m = mean[r]!;
    const s = rstd[r]!;
    let sumG = 0;
    let sumGH = 0;
    for (let j = 0; j < inner; j++) {
      const h = (xd[base + j]! - m) * s;
      const gyj = gy[base + j]!;
      const g = wd === null ? gyj : gyj * wd[j]!;
      sumG += g;
      sumGH += g * h;
      if (dw !== null) dw[j]! += gyj * h;
      if (db !== null) db[j]! += gyj;
    }
    if (dx === null) continue;
    const meanG = sumG / inner;
    const meanGH = sumGH / inner;
    for (let j = 0; j < inner; j++) {
      const h = (xd[base + j]! - m) * s;
      const g = wd === null ? gy[base + j]! : gy[base + j]! * wd[j]!;
      dx[base + j] = s * (g - meanG - h * meanGH);
    }
  }
}
