import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import type { FloatArray } from "../../kernels/geometry.js";
import { broadcastShapes } from "../../shape/broadcast.js";
import { giveScratch, takeScratch } from "../../tensor/scratch.js";
import { allocate, type ArrayFor, type Tensor } from "../../tensor/tensor.js";
import { requireDType } from "../dtype.js";
import { broadcastRows } from "../elementwise/kernel.js";
import { softmaxRows, softmaxRowsBackward } from "../reduce/softmax.js";
import { densePlace, gemm, gemmInto, type MatrixPlace, placedProblem } from "./gemm.js";
import { sameShape } from "../../shape/same-shape.js";
import { currentBackend } from "../../backend.js";
import { blockedRows } from "../../kernels/blocked-rows.js";

/**
 * `batch` attentions of L queries over S keys: where each product's query (L x E), key (S x E) and value (S x Ev)
 * matrices lie, and where its output (L x Ev) goes. scaledDotProductAttention places them one after another (batch
 * axes broadcast by repeated offsets); MultiheadAttention's packed path places each head at its columns of the
 * packed projection, so no head is ever transposed out.
 */
export interface AttentionPlaces {
  readonly batch: number;
  readonly l: number;
  readonly s: number;
  readonly e: number;
  readonly ev: number;
  readonly query: MatrixPlace;
  readonly key: MatrixPlace;
  readonly value: MatrixPlace;
  readonly output: MatrixPlace;
}

/** The additive mask: its data, its shape, and the scores' shape it broadcasts to (batch axes, L, S). */
export interface AttentionMask {
  readonly data: FloatArray;
  readonly shape: readonly number[];
  readonly scoresShape: readonly number[];
}

/**
 * A mask checked against the scores it is added to: `arg` names it in the messages (its dtype, then that it
 * broadcasts to the scores' shape without growing it).
 */
export function checkedMask(op: string, arg: string, mask: Tensor<Shape, DType>, dtype: DType, scoresShape: readonly number[]): AttentionMask {
  requireDType(op, arg, "query", dtype, mask.dtype);
  const joint = broadcastShapes(op, scoresShape, mask.shape);
  if (!sameShape(joint, scoresShape)) {
    throw new ShapeError(`${op}: ${arg} must broadcast to the scores' shape [${scoresShape.join(", ")}], got [${mask.shape.join(", ")}]`);
  }
  return { data: mask.data, shape: mask.shape, scoresShape };
}

/**
 * The forward: P = softmax(Q·Kᵀ·scale + mask) per product (dense, batch x L x S, scaled, masked and softmaxed in
 * place: the one buffer the backward keeps), and O = P·V written into `out` where the output place says. The scaled
 * scores are rounded before the mask is added, as PyTorch's own two steps round.
 */
export function attentionForward<D extends DType>(
  dtype: D,
  p: AttentionPlaces,
  q: FloatArray,
  k: FloatArray,
  v: FloatArray,
  out: FloatArray,
  scale: number,
  mask: AttentionMask | null,
  causal: boolean,
): ArrayFor<D> {
  const { batch, l, s, e, ev } = p;
  const scores = densePlace(batch, l * s, s);
  // P is the op's own (saved for the backward, never a tensor): scratch, given back by `releaseProbs`
  const probs = takeScratch(dtype, batch * l * s);
  const qk = placedProblem(batch, l, s, e, false, true, p.query, p.key, scores);
  const pv = placedProblem(batch, l, ev, s, false, false, scores, p.value, p.output);
  const maskScaled = mask === null && !causal ? null : (x: FloatArray): void => addMask(x, batch, l, s, mask, causal);
  if (currentBackend().attentionForward?.(qk, pv, q, k, v, scale, maskScaled, probs, out) === true) return probs;
  gemmInto(qk, q, k, null, probs);
  scaleInPlace(probs, scale);
  maskScaled?.(probs);
  safeSoftmaxRows(probs, batch * l, s);
  gemmInto(pv, probs, v, null, out);
  return probs;
}

/** x ← x · scale in place (the scores, or dS in the backward). */
function scaleInPlace(x: FloatArray, scale: number): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * scale;
}

/** The scaled scores (batch x L x S, in place) with the mask added, and with `causal` the keys after each query at -inf. */
function addMask(x: FloatArray, batch: number, l: number, s: number, mask: AttentionMask | null, causal: boolean): void {
  if (mask !== null) {
    const md = mask.data;
    broadcastRows(mask.scoresShape, mask.scoresShape, mask.shape, null, (o, n, i0, s0, i1, s1) => {
      for (let j = 0; j < n; j++, i0 += s0, i1 += s1) x[o + j] = x[i0]! + md[i1]!;
    });
  }
  if (causal) {
    for (let r = 0; r < batch * l; r++) {
      const i = r % l;
      x.fill(Number.NEGATIVE_INFINITY, r * s + Math.min(i + 1, s), (r + 1) * s);
    }
  }
}

/**
 * Softmax of each row in place, as PyTorch's `_safe_softmax` (its attention's since 2.5): a row whose every score is
 * -inf (a query that may attend to no key: a fully padded sequence) is 0, not NaN, so its output is 0 and its
 * gradients are 0 (softmax's gradient reads P, 0 there). A NaN score still makes its row NaN.
 */
function safeSoftmaxRows(x: FloatArray, rows: number, s: number): void {
  const blocked = blockedRows(x, 0, rows, s);
  softmaxRows(x, x, rows, s);
  for (const o of blocked) x.fill(0, o, o + s);
}

/** Where each gradient goes (its array and each product's place in it); null: not asked for. */
export interface AttentionGradTargets {
  readonly query: { readonly data: FloatArray; readonly place: MatrixPlace } | null;
  readonly key: { readonly data: FloatArray; readonly place: MatrixPlace } | null;
  readonly value: { readonly data: FloatArray; readonly place: MatrixPlace } | null;
}

/**
 * The backward of `attentionForward` for the output's gradient `gy` (at the output's place): dV = Pᵀ·dO,
 * dS = softmax's gradient of dP = dO·Vᵀ, dQ = dS·K·scale, dK = dSᵀ·Q·scale, each written where its target says.
 * Returns dS before the scale (the mask's gradient, dense at the scores' shape) when `wantScores`, else null.
 */
export function attentionBackward<D extends DType>(
  dtype: D,
  p: AttentionPlaces,
  q: FloatArray,
  k: FloatArray,
  v: FloatArray,
  probs: FloatArray,
  gy: FloatArray,
  scale: number,
  to: AttentionGradTargets,
  wantScores: boolean,
): ArrayFor<D> | null {
  const { batch, l, s, e, ev } = p;
  const scores = densePlace(batch, l * s, s);
  const dv = to.value && placedProblem(batch, s, ev, l, true, false, scores, p.output, to.value.place);
  const dq = to.query && placedProblem(batch, l, e, s, false, false, scores, p.key, to.query.place);
  const dk = to.key && placedProblem(batch, s, e, l, true, false, scores, p.query, to.key.place);
  const dp = dq !== null || dk !== null || wantScores ? placedProblem(batch, l, s, ev, false, true, p.output, p.value, scores) : null;
  const fused = currentBackend().attentionBackward;
  const [dqData, dkData, dvData] = [to.query?.data ?? null, to.key?.data ?? null, to.value?.data ?? null];
  if (!wantScores && fused?.({ dv, dp, dq, dk }, q, k, v, probs, gy, scale, dqData, dkData, dvData) === true) return null;
  if (dv !== null && to.value !== null) gemmInto(dv, probs, gy, null, to.value.data);
  if (dp === null) return null;
  if (dq === null && dk === null) {
    const ds = gemm(dtype, dp, gy, v, null);
    softmaxRowsBackward(probs, ds, ds, batch * l, s);
    return ds;
  }
  // dP, then dS in place: scratch, unless the mask's gradient is dS itself
  const ds = takeScratch(dtype, batch * l * s);
  gemmInto(dp, gy, v, null, ds);
  softmaxRowsBackward(probs, ds, ds, batch * l, s);
  const unscaled = wantScores ? (ds.slice() as ArrayFor<D>) : null;
  scaleInPlace(ds, scale);
  if (dq !== null && to.query !== null) gemmInto(dq, ds, k, null, to.query.data);
  if (dk !== null && to.key !== null) gemmInto(dk, ds, q, null, to.key.data);
  giveScratch(ds);
  return unscaled;
}

/**
 * Gives P back to the scratch pool once nothing will read it: right after the forward when no backward can run
 * (the output has no grad function), or after the backward that releases the op's saved state (`lastRun`).
 */
export function releaseProbs(probs: FloatArray, nowOrNever: boolean): void {
  if (nowOrNever) giveScratch(probs);
}

/** A fresh dense array for `batch` matrices of rows x cols, and its place. */
export function denseTarget(dtype: DType, batch: number, rows: number, cols: number): { readonly data: FloatArray; readonly place: MatrixPlace } {
  return { data: allocate(dtype, batch * rows * cols), place: densePlace(batch, rows * cols, cols) };
}
