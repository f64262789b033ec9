import type { DTypeCheck } from "../../../types/ops/dtype-check.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { BroadcastsToCheck, SameShapeGuard } from "../../../types/train/losses.js";
import { record } from "../../autograd/graph.js";
import { sumsTo } from "../../autograd/sum-to.js";
import { ShapeError } from "../../errors.js";
import { requireDType } from "../../ops/dtype.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { broadcastMismatch } from "../messages.js";
import {
  type AnyTensor,
  type LossOutput,
  type Reduction,
  type ReductionOptions,
  broadcastOffsets,
  checkLike,
  checkOptions,
  reductionOf,
  reduceLoss,
  sigmoid,
  softplusNeg,
} from "./common.js";

/** bceWithLogits's options (as torch's binary_cross_entropy_with_logits): reduction and pos_weight. */
export interface BceWithLogitsOptions<R extends Reduction = Reduction, PW = AnyTensor> extends ReductionOptions<R> {
  /**
   * Weight of the positive term (PyTorch's `pos_weight`), broadcast to the logits' shape, usually `(C)` for the
   * last axis. It gets no gradient.
   */
  readonly posWeight?: PW | null;
}

/** posWeight's guard: it broadcasts to the logits' shape, then has their dtype. */
type PosWeightGuard<S extends Shape, D extends DType, PS extends Shape, DP extends DType> = FirstMessage<
  [BroadcastsToCheck<"bceWithLogits", "posWeight", PS, "logits", S>, DTypeCheck<"bceWithLogits", "posWeight", "logits", D, DP>]
>;

/**
 * Binary cross-entropy on logits, as `torch.nn.functional.binary_cross_entropy_with_logits`: per element, with
 * `w = 1 + (posWeight − 1)·t`, `ℓ = (1 − t)·x + w·log(1 + exp(−x))` (stable for any x), then reduced ("mean" by
 * default, "sum", or "none": the logits' shape). On the tape: `logits.grad = ((1 − t) − w·σ(−x))·g` and
 * `target.grad = (−x + (posWeight − 1)·log(1 + exp(−x)))·g`, as PyTorch; posWeight gets none.
 */
export function bceWithLogits<
  S extends Shape,
  D extends DType,
  TS extends Shape = S,
  DT extends DType = D,
  R extends Reduction = "mean",
  PS extends Shape = Shape,
  DP extends DType = D,
>(
  logits: Tensor<S, D>,
  target: Tensor<TS, DT> & SameShapeGuard<"bceWithLogits", "target", TS, DT, "logits", S, D>,
  options?: BceWithLogitsOptions<R, Tensor<PS, DP> & PosWeightGuard<S, D, PS, DP>>,
): LossOutput<R, S, D> {
  const op = "bceWithLogits";
  checkOptions(op, options, ["reduction", "posWeight"]);
  const reduction = reductionOf(op, options);
  const t = target as AnyTensor;
  checkLike(op, "target", t, "logits", logits);
  const pwTensor = (options?.posWeight ?? null) as AnyTensor | null;
  let pwIndex: Int32Array | null = null;
  if (pwTensor !== null) {
    if (!(pwTensor instanceof Tensor)) throw new TypeError(`${op}: posWeight must be a Tensor`);
    if (!sumsTo(logits.shape, pwTensor.shape)) throw new ShapeError(broadcastMismatch(op, "posWeight", pwTensor.shape, "logits", logits.shape));
    requireDType(op, "posWeight", "logits", logits.dtype, pwTensor.dtype);
    pwIndex = broadcastOffsets(pwTensor.shape, logits.shape);
  }
  const pw = pwTensor === null ? null : pwTensor.data;
  const x = logits.data;
  const q = t.data;
  const n = x.length;
  const elems = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const ti = q[i]!;
    const w = pw === null ? 1 : 1 + (pw[pwIndex![i]!]! - 1) * ti;
    elems[i] = (1 - ti) * xi + w * softplusNeg(xi);
  }
  const loss = reduceLoss(logits.dtype, logits.shape, elems, reduction, n);
  return record(op, loss, [logits, t], (gy, needsGrad) => {
    const g = gy.data;
    const scalar = reduction !== "none";
    const s = scalar ? (reduction === "mean" ? g[0]! / n : g[0]!) : 0;
    const dx = needsGrad[0] ? allocate(logits.dtype, n) : null;
    const dt = needsGrad[1] ? allocate(logits.dtype, n) : null;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const ti = q[i]!;
      const gi = scalar ? s : g[i]!;
      const pwi = pw === null ? 1 : pw[pwIndex![i]!]!;
      if (dx !== null) dx[i] = (1 - ti - (1 + (pwi - 1) * ti) * sigmoid(-xi)) * gi;
      if (dt !== null) dt[i] = (-xi + (pwi - 1) * softplusNeg(xi)) * gi;
    }
    return [dx === null ? null : Tensor.wrap(logits.shape, logits.dtype, dx), dt === null ? null : Tensor.wrap(logits.shape, logits.dtype, dt)];
  }) as LossOutput<R, S, D>;
}
