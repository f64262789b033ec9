import type { FloatArray } from "../../kernels/geometry.js";
import { record } from "../../autograd/graph.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type AnyTensor, type Reduction, negate, reduceLoss, scalarLoss } from "./common.js";

/**
 * A loss of d = p − t per element: its value `elem(d, k)` and derivative `slope(d, k)` for the loss's constant k
 * (huber's delta, smoothL1's beta). Module-level functions, the same objects on every call, so the engine inlines
 * them into the loops below (a closure made per call was not, and boxed every value it returned).
 */
export interface PointwiseRule {
  readonly elem: (d: number, k: number) => number;
  readonly slope: (d: number, k: number) => number;
}

/**
 * The body of a loss of d = p − t per element (mse, huber, smoothL1), once its arguments are checked: per element
 * `elem(d, k)`, reduced as `reduction` (the mean over every element); recorded on the tape with
 * `pred.grad = slope(d, k)·g` (g the upstream gradient, / size for "mean") and `target.grad` its negation.
 */
export function pointwiseLoss(op: string, pred: AnyTensor, target: AnyTensor, reduction: Reduction, rule: PointwiseRule, k: number): AnyTensor {
  const { elem } = rule;
  const p = pred.data;
  const q = target.data;
  const n = p.length;
  let loss: AnyTensor;
  if (reduction === "none") {
    const elems = new Float64Array(n);
    for (let i = 0; i < n; i++) elems[i] = elem(p[i]! - q[i]!, k);
    loss = reduceLoss(pred.dtype, pred.shape, elems, reduction, n);
  } else {
    // Summed as it goes: no per-element array (a fresh array costs a page fault per 4 KiB; docs/performance.md).
    let sum = 0;
    for (let i = 0; i < n; i++) sum += elem(p[i]! - q[i]!, k);
    loss = scalarLoss(pred.dtype, reduction === "mean" ? sum / n : sum);
  }
  return record(op, loss, [pred, target], (gy, needsGrad) => {
    const g = gy.data;
    const scalar = reduction !== "none";
    const s = scalar ? (reduction === "mean" ? g[0]! / n : g[0]!) : 0;
    const dp = allocate(pred.dtype, n);
    slopes(rule, k, p, q, scalar ? null : g, s, dp);
    return [needsGrad[0] ? Tensor.wrap(pred.shape, pred.dtype, dp) : null, needsGrad[1] ? Tensor.wrap(pred.shape, pred.dtype, negate(dp)) : null];
  });
}

/** dp[i] = slope(p[i] − q[i]) · (g ? g[i] : s): a module-level loop, so the engine optimises it once for every call. */
function slopes(rule: PointwiseRule, k: number, p: FloatArray, q: FloatArray, g: FloatArray | null, s: number, dp: FloatArray): void {
  const slope = rule.slope;
  const n = dp.length;
  if (g === null) for (let i = 0; i < n; i++) dp[i] = slope(p[i]! - q[i]!, k) * s;
  else for (let i = 0; i < n; i++) dp[i] = slope(p[i]! - q[i]!, k) * g[i]!;
}
