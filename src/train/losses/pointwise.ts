import type { FloatArray } from "../../kernels/geometry.js";
import type { KernelBackend } from "../../kernels/backend.js";
import { currentBackend } from "../../backend.js";
import { record } from "../../autograd/graph.js";
import { opOutput } from "../../ops/output.js";
import { Tensor, allocate, kernelData } from "../../tensor/tensor.js";
import { type AnyTensor, type Reduction, negate, reduceLoss, scalarLoss } from "./common.js";

/**
 * A loss of d = p − t per element: its value `elem(d, k)` and derivative `slope(d, k)` for the loss's constant k
 * (huber's delta, smoothL1's beta). Module-level functions, the same objects on every call, so the engine inlines
 * them into the loops below (a closure made per call was not, and boxed every value it returned).
 */
export interface PointwiseRule {
  readonly elem: (d: number, k: number) => number;
  readonly slope: (d: number, k: number) => number;
  /** The backend's kernels for this rule over float32 (mse's), or null where the backend has none: the loops run. */
  readonly onBackend?: (backend: KernelBackend) => PointwiseKernels | null;
}

/** A rule's loops as one backend's kernels, on float32 arrays of one length (views of resident tensors read in place). */
export interface PointwiseKernels {
  /** The sum of elem(p[i] − t[i]) (float64, in the backend's order). */
  sum(p: Float32Array, t: Float32Array): number;
  /** dp[i] = slope(p[i] − t[i]) · (g ? g[i] : s), rounded once to float32: the loop's bits. */
  slopes(p: Float32Array, t: Float32Array, g: Float32Array | null, s: number, dp: Float32Array): void;
}

/** The current backend's kernels for `rule` where they apply (float32, not empty), else null. */
function kernelsFor(rule: PointwiseRule, pred: AnyTensor): PointwiseKernels | null {
  if (pred.dtype !== "float32" || pred.size === 0 || rule.onBackend === undefined) return null;
  return rule.onBackend(currentBackend());
}

/**
 * The body of a loss of d = p − t per element (mse, huber, smoothL1), once its arguments are checked: per element
 * `elem(d, k)`, reduced as `reduction` (the mean over every element); recorded on the tape with
 * `pred.grad = slope(d, k)·g` (g the upstream gradient, / size for "mean") and `target.grad` its negation.
 * Float32 runs on the backend's kernels where the rule has them (`onBackend`: mse on the WebAssembly backend) for
 * a reduced loss and for a gradient the target does not need; the loops below otherwise.
 */
export function pointwiseLoss(op: string, pred: AnyTensor, target: AnyTensor, reduction: Reduction, rule: PointwiseRule, k: number): AnyTensor {
  const n = pred.size;
  const forwardKernels = reduction === "none" ? null : kernelsFor(rule, pred);
  let loss: AnyTensor;
  if (forwardKernels !== null) {
    // the kernel reads a resident prediction in place: no copy out to JS
    const heap = currentBackend().residentHeap;
    const sum = forwardKernels.sum(kernelData(pred, heap) as Float32Array, kernelData(target, heap) as Float32Array);
    loss = scalarLoss(pred.dtype, reduction === "mean" ? sum / n : sum);
  } else {
    const { elem } = rule;
    const p = pred.data;
    const q = target.data;
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
  }
  return record(op, loss, [pred, target], (gy, needsGrad) => {
    const scalar = reduction !== "none";
    const s = scalar ? (reduction === "mean" ? gy.data[0]! / n : gy.data[0]!) : 0;
    // the target's gradient is dp negated, read in JS: the loop then
    const kernels = needsGrad[1] ? null : kernelsFor(rule, pred);
    if (kernels !== null) {
      const heap = currentBackend().residentHeap;
      const dp = opOutput(pred.dtype, n, heap);
      const g = scalar ? null : (kernelData(gy, heap) as Float32Array);
      kernels.slopes(kernelData(pred, heap) as Float32Array, kernelData(target, heap) as Float32Array, g, s, dp.array as Float32Array);
      return [needsGrad[0] ? dp.tensor(pred.shape) : null, null];
    }
    const dp = allocate(pred.dtype, n);
    slopes(rule, k, pred.data, target.data, scalar ? null : gy.data, s, dp);
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
