import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { SameShapeGuard } from "../../../types/train/losses.js";
import { record } from "../../autograd/graph.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type AnyTensor, type LossOutput, type Reduction, type ReductionOptions, checkLike, checkOptions, negate, reductionOf, reduceLoss } from "./common.js";

/**
 * Mean squared error, as `torch.nn.functional.mse_loss`: per element `(p − t)²`, then reduced ("mean" by
 * default, "sum", or "none": the per-element losses, of pred's shape). Recorded on the tape: `loss.backward()`
 * gives `pred.grad = 2(p − t)·g` and `target.grad = −2(p − t)·g` (g the upstream gradient, / size for "mean").
 * `target` must have pred's shape and dtype (tsc checks literal shapes; the run time the rest, same sentence).
 */
export function mse<S extends Shape, D extends DType, TS extends Shape = S, DT extends DType = D, R extends Reduction = "mean">(
  pred: Tensor<S, D>,
  target: Tensor<TS, DT> & SameShapeGuard<"mse", "target", TS, DT, "pred", S, D>,
  options?: ReductionOptions<R>,
): LossOutput<R, S, D> {
  const op = "mse";
  checkOptions(op, options, ["reduction"]);
  const reduction = reductionOf(op, options);
  const t = target as AnyTensor;
  checkLike(op, "target", t, "pred", pred);
  const p = pred.data;
  const q = t.data;
  const n = p.length;
  const elems = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = p[i]! - q[i]!;
    elems[i] = d * d;
  }
  const loss = reduceLoss(pred.dtype, pred.shape, elems, reduction, n);
  return record(op, loss, [pred, t], (gy, needsGrad) => {
    const g = gy.data;
    const scalar = reduction !== "none";
    const s = scalar ? (reduction === "mean" ? g[0]! / n : g[0]!) : 0;
    const dp = allocate(pred.dtype, n);
    for (let i = 0; i < n; i++) dp[i] = 2 * (p[i]! - q[i]!) * (scalar ? s : g[i]!);
    return [needsGrad[0] ? Tensor.wrap(pred.shape, pred.dtype, dp) : null, needsGrad[1] ? Tensor.wrap(pred.shape, pred.dtype, negate(dp)) : null];
  }) as LossOutput<R, S, D>;
}
