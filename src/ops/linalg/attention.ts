import type { AttentionKeyGuard, AttentionRank, AttentionShape, AttentionValueGuard } from "../../../types/ops/linalg/attention.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { ShapeError } from "../../errors.js";
import { broadcastShapes } from "../../shape/broadcast.js";
import { axisMismatch, badRank } from "../../tensor/messages.js";
import { allocate, type ArrayFor, Tensor } from "../../tensor/tensor.js";
import { requireDType } from "../dtype.js";
import type { ShapedResult, ShapeGuard } from "../result.js";
import { requireTensor } from "../tensor-arg.js";
import type { FloatArray } from "../../kernels/geometry.js";
import { type AttentionPlaces, attentionBackward, attentionForward, checkedMask, denseTarget, releaseProbs } from "./attention-core.js";
import { batchIndex, densePlace } from "./gemm.js";

export type { AttentionShape };

const op = "scaledDotProductAttention";

/** Options of scaledDotProductAttention, as torch.nn.functional.scaled_dot_product_attention's keywords. */
export interface ScaledDotProductAttentionOptions<D extends DType> {
  /**
   * Added to the scores before the softmax (PyTorch's float `attn_mask`), broadcastable to `(..., L, S)`; use
   * -Infinity to forbid a position. Its gradient, when it requires one, is the scores' gradient summed to its shape.
   */
  readonly attnMask?: Tensor<Shape, D> | null;
  /** Query i sees keys j ≤ i only (PyTorch's `is_causal`: the top-left triangle). Not with `attnMask`. */
  readonly isCausal?: boolean;
  /** The scores' factor; default 1/√E (E = query's last axis). */
  readonly scale?: number;
}

/** The checked shapes: every product's sizes and the broadcast batch. */
interface AttentionPlan {
  readonly batchShape: number[];
  readonly batch: number;
  readonly l: number;
  readonly s: number;
  readonly e: number;
  readonly ev: number;
  readonly qIndex: Int32Array | null;
  readonly kIndex: Int32Array | null;
  readonly vIndex: Int32Array | null;
}

/** Runtime twin of AttentionShape and its guards, same sentences, same order (each argument: rank, dtype, batch, sizes). */
function planAttention(query: Tensor<Shape, DType>, key: Tensor<Shape, DType>, value: Tensor<Shape, DType>): AttentionPlan {
  const [q, k, v] = [query.shape, key.shape, value.shape];
  if (q.length < 2) throw new ShapeError(badRank(op, "query", "(..., L, E)", q.length));
  if (k.length < 2) throw new ShapeError(badRank(op, "key", "(..., S, E)", k.length));
  requireDType(op, "key", "query", query.dtype, key.dtype);
  const qb = q.slice(0, -2);
  const kb = k.slice(0, -2);
  const qk = broadcastShapes(op, [...qb, 1, 1], [...kb, 1, 1]);
  const e = q[q.length - 1]!;
  if (k[k.length - 1] !== e) throw new ShapeError(axisMismatch(op, "key's last axis and query's last axis", k[k.length - 1]!, e));
  if (v.length < 2) throw new ShapeError(badRank(op, "value", "(..., S, Ev)", v.length));
  requireDType(op, "value", "query", query.dtype, value.dtype);
  const vb = v.slice(0, -2);
  const batchShape = broadcastShapes(op, qk, [...vb, 1, 1]).slice(0, -2);
  const s = k[k.length - 2]!;
  if (v[v.length - 2] !== s) throw new ShapeError(axisMismatch(op, "value's axis -2 and key's axis -2", v[v.length - 2]!, s));
  return {
    batchShape,
    batch: batchShape.reduce((x, y) => x * y, 1),
    l: q[q.length - 2]!,
    s,
    e,
    ev: v[v.length - 1]!,
    qIndex: batchIndex(qb, batchShape),
    kIndex: batchIndex(kb, batchShape),
    vIndex: batchIndex(vb, batchShape),
  };
}

/**
 * torch.nn.functional.scaled_dot_product_attention without dropout: softmax(query · keyᵀ · scale + mask) · value,
 * query `(..., L, E)`, key `(..., S, E)`, value `(..., S, Ev)`, output `(..., L, Ev)`; batch axes broadcast. The
 * compiler computes the output shape and reports a mismatch at the argument that is wrong, e.g. `"scaledDotProduct
 * Attention: key's last axis and query's last axis must match: 32 vs 64"`; `number` sizes are checked at run time
 * with the same sentence. One op on the tape: the scores are scaled, masked and softmaxed in place, nothing is
 * transposed, and the gradient is the four products `dV = Pᵀ·dO`, `dP = dO·Vᵀ`, `dQ = dS·K·scale`,
 * `dK = dSᵀ·Q·scale` with `dS` softmax's gradient of `dP` (only those asked for). A query whose every score is -inf
 * (it may attend to no key) gets 0 and zero gradients, as PyTorch's attention since 2.5 (`_safe_softmax`).
 */
export function scaledDotProductAttention<
  Q extends Shape,
  K extends Shape,
  V extends Shape,
  D extends DType,
  KD extends DType = D,
  VD extends DType = D,
>(
  query: Tensor<Q, D> & ShapeGuard<AttentionRank<Q, "query", "(..., L, E)">>,
  key: Tensor<K, KD> & AttentionKeyGuard<Q, K, D, KD>,
  value: Tensor<V, VD> & AttentionValueGuard<Q, K, V, D, VD>,
  options: ScaledDotProductAttentionOptions<D> = {},
): ShapedResult<AttentionShape<Q, K, V>, D> {
  return runAttention(query as Tensor<Shape, D>, key as Tensor<Shape, DType>, value as Tensor<Shape, DType>, options) as ShapedResult<
    AttentionShape<Q, K, V>,
    D
  >;
}

function runAttention<D extends DType>(
  query: Tensor<Shape, D>,
  key: Tensor<Shape, DType>,
  value: Tensor<Shape, DType>,
  options: ScaledDotProductAttentionOptions<D>,
): Tensor<Shape, D> {
  requireTensor(op, "query", query);
  requireTensor(op, "key", key);
  requireTensor(op, "value", value);
  const p = planAttention(query, key, value);
  const mask = options.attnMask ?? null;
  const causal = options.isCausal === true;
  // E = 0: every score is an empty sum, 0 whatever the scale (PyTorch then averages V); 1/√0 would make it NaN
  const scale = options.scale ?? (p.e === 0 ? 1 : 1 / Math.sqrt(p.e));
  if (!Number.isFinite(scale)) throw new RangeError(`${op}: scale must be a finite number, got ${scale}`);
  const scoresShape = [...p.batchShape, p.l, p.s];
  if (mask !== null) {
    requireTensor(op, "options.attnMask", mask);
    if (causal) throw new TypeError(`${op}: give attnMask or isCausal, not both (as PyTorch)`);
  }
  const maskIn = mask === null ? null : checkedMask(op, "options.attnMask", mask, query.dtype, scoresShape);
  const dtype = query.dtype;
  const { batch, l, s, e, ev, qIndex, kIndex, vIndex } = p;
  const places: AttentionPlaces = {
    batch,
    l,
    s,
    e,
    ev,
    query: densePlace(batch, l * e, e, qIndex),
    key: densePlace(batch, s * e, e, kIndex),
    value: densePlace(batch, s * ev, ev, vIndex),
    output: densePlace(batch, l * ev, ev),
  };
  const out = allocate(dtype, batch * l * ev);
  const probs = attentionForward(dtype, places, query.data, key.data, value.data, out, scale, maskIn, causal);
  const y = Tensor.wrap([...p.batchShape, l, ev], dtype, out);
  const recorded = record(op, y, [query, key, value, mask], (gy, needsGrad, lastRun) => {
    // each gradient at the broadcast batch shape; the tape sums it to its input's
    const to = {
      query: needsGrad[0] ? denseTarget(dtype, batch, l, e) : null,
      key: needsGrad[1] ? denseTarget(dtype, batch, s, e) : null,
      value: needsGrad[2] ? denseTarget(dtype, batch, s, ev) : null,
    };
    const dScores = attentionBackward(dtype, places, query.data, key.data, value.data, probs, gy.data, scale, to, needsGrad[3] === true);
    releaseProbs(probs, lastRun);
    const wrap = (t: { readonly data: FloatArray } | null, rows: number, cols: number): Tensor<Shape, DType> | null =>
      t === null ? null : Tensor.wrap([...p.batchShape, rows, cols], dtype, t.data as ArrayFor<D>);
    return [wrap(to.query, l, e), wrap(to.key, s, e), wrap(to.value, s, ev), dScores === null ? null : Tensor.wrap(scoresShape, dtype, dScores)];
  });
  releaseProbs(probs, recorded.gradFn === null);
  return recorded;
}
