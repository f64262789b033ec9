import { record } from "../../autograd/graph.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type AnyTensor, type Reduction, negate, reduceLoss, scalarLoss } from "./common.js";

/**
 * The body of a loss of d = p − t per element (mse, huber, smoothL1), once its arguments are checked: per element
 * `elem(d)`, reduced as `reduction` (the mean over every element); recorded on the tape with
 * `pred.grad = slope(d)·g` (g the upstream gradient, / size for "mean") and `target.grad` its negation.
 */
export function pointwiseLoss(
  op: string,
  pred: AnyTensor,
  target: AnyTensor,
  reduction: Reduction,
  elem: (d: number) => number,
  slope: (d: number) => number,
): AnyTensor {
  const p = pred.data;
  const q = target.data;
  const n = p.length;
  let loss: AnyTensor;
  if (reduction === "none") {
    const elems = new Float64Array(n);
    for (let i = 0; i < n; i++) elems[i] = elem(p[i]! - q[i]!);
    loss = reduceLoss(pred.dtype, pred.shape, elems, reduction, n);
  } else {
    // Summed as it goes: no per-element array (a fresh array costs a page fault per 4 KiB; docs/performance.md).
    let sum = 0;
    for (let i = 0; i < n; i++) sum += elem(p[i]! - q[i]!);
    loss = scalarLoss(pred.dtype, reduction === "mean" ? sum / n : sum);
  }
  return record(op, loss, [pred, target], (gy, needsGrad) => {
    const g = gy.data;
    const scalar = reduction !== "none";
    const s = scalar ? (reduction === "mean" ? g[0]! / n : g[0]!) : 0;
    const dp = allocate(pred.dtype, n);
    for (let i = 0; i < n; i++) dp[i] = slope(p[i]! - q[i]!) * (scalar ? s : g[i]!);
    return [needsGrad[0] ? Tensor.wrap(pred.shape, pred.dtype, dp) : null, needsGrad[1] ? Tensor.wrap(pred.shape, pred.dtype, negate(dp)) : null];
  });
}
