import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { LossBadRank, ShapeText } from "../../../types/train/messages.js";
import type { SameShapeCheck } from "../../../types/train/same-shape.js";
import { ShapeError } from "../../errors.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { badClassTarget, badRank, shapeMismatch } from "../messages.js";
import { type LossOptions, type LossResult, reductionOf, sameShape } from "./common.js";

/**
 * The shape of per-pixel class targets for logits of shape S: S without its class (channel) axis.
 * `(C, H, W)` → `(H, W)`, `(N, C, H, W)` → `(N, H, W)`; a shape of unknown rank gives `number[]`;
 * any other rank gives the message crossEntropy throws at run time.
 */
export type ClassTargetShape<S extends Shape> = S extends readonly [number, infer H extends number, infer W extends number]
  ? [H, W]
  : S extends readonly [infer N extends number, number, infer H extends number, infer W extends number]
    ? [N, H, W]
    : number extends S["length"]
      ? number[]
      : LossBadRank<"crossEntropy", "logits", LogitsRanks, ShapeText<S>>;

/** `true`, or crossEntropy's first run-time failure for these shapes: the logits' rank, then the target's shape. */
type ClassTargetCheck<S extends Shape, TS extends Shape> = ClassTargetShape<S> extends infer Want
  ? Want extends Shape
    ? SameShapeCheck<"crossEntropy", "target", TS, TargetReference, Want>
    : Want
  : never;

type LogitsRanks = "(C, H, W) or (N, C, H, W)";
type TargetReference = "logits (minus the class axis)";
const targetReference: TargetReference = "logits (minus the class axis)";
const logitsRanks: LogitsRanks = "(C, H, W) or (N, C, H, W)";

/**
 * Per-pixel softmax cross-entropy, as `torch.nn.functional.cross_entropy` with class axis = the channel axis.
 * `logits` is `(C, H, W)` or `(N, C, H, W)`; `target` holds class indices (floats that must be integers in
 * `[0, C)`, else a RangeError) with shape `(H, W)` or `(N, H, W)`.
 * Per pixel `ℓ = logsumexp_c(x_c) − x_target`, computed with the max subtracted; reduced by the mean over all
 * pixels (default) or the sum. Gradient: `softmax(x) − onehot(target)`, divided by the pixel count for "mean".
 */
export function crossEntropy<S extends Shape, D extends DType, TS extends Shape = Extract<ClassTargetShape<S>, Shape>, DT extends DType = D>(
  logits: Tensor<S, D>,
  target: OrMessage<Tensor<TS, DT>, ClassTargetCheck<S, TS>>,
  options?: LossOptions,
): LossResult<S, D> {
  const op = "crossEntropy";
  const reduction = reductionOf(op, options);
  const ls: readonly number[] = logits.shape;
  const targetTensor = target as Tensor<Shape, DT>; // the guard's message branch never reaches run time
  const ts: readonly number[] = targetTensor.shape;
  if (ls.length !== 3 && ls.length !== 4) throw new ShapeError(badRank(op, "logits", ls, logitsRanks));
  const batched = ls.length === 4;
  const n = batched ? ls[0]! : 1;
  const c = ls[batched ? 1 : 0]!;
  const hw = ls[ls.length - 2]! * ls[ls.length - 1]!;
  const want = batched ? [n, ls[2]!, ls[3]!] : [ls[1]!, ls[2]!];
  if (!sameShape(ts, want)) throw new ShapeError(shapeMismatch(op, "target", ts, targetReference, want));
  const x = logits.data;
  const t = targetTensor.data;
  const pixels = n * hw;
  const scale = reduction === "mean" ? 1 / pixels : 1;
  const grad = allocate(logits.dtype, x.length);
  let sum = 0;
  for (let b = 0; b < n; b++) {
    const base = b * c * hw;
    for (let p = 0; p < hw; p++) {
      const ti = b * hw + p;
      const k = t[ti]!;
      if (!Number.isInteger(k) || k < 0 || k >= c) throw new RangeError(badClassTarget(op, ti, k, c));
      let max = -Infinity;
      for (let j = 0; j < c; j++) max = Math.max(max, x[base + j * hw + p]!);
      let z = 0;
      for (let j = 0; j < c; j++) z += Math.exp(x[base + j * hw + p]! - max);
      const logZ = max + Math.log(z);
      sum += logZ - x[base + k * hw + p]!;
      for (let j = 0; j < c; j++) {
        const at = base + j * hw + p;
        grad[at] = (Math.exp(x[at]! - logZ) - (j === k ? 1 : 0)) * scale;
      }
    }
  }
  return { loss: sum * scale, grad: Tensor.wrap(logits.shape, logits.dtype, grad) };
}
