import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { ClassInputGuard, ClassTargetGuard, ClassTargetShape, ClassWeightGuard } from "../../../types/train/losses.js";
import { record } from "../../autograd/graph.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import {
  type AnyTensor,
  type LossOutput,
  type Reduction,
  type ReductionOptions,
  checkHyper,
  checkOptions,
  reductionOf,
  reduceLoss,
} from "./common.js";
import { classLossInputs } from "./class-targets.js";

/** crossEntropy's options (as torch's cross_entropy): reduction, class weights, ignore index, label smoothing. */
export interface CrossEntropyOptions<R extends Reduction = Reduction, W = AnyTensor> extends ReductionOptions<R> {
  /** A weight per class, shape `(C)`, the logits' dtype (PyTorch's `weight`); it gets no gradient. */
  readonly weight?: W | null;
  /** Targets equal to this contribute 0 and leave the "mean" denominator (default −100, as PyTorch). */
  readonly ignoreIndex?: number;
  /** ε in [0, 1] (default 0): the target mixes (1 − ε)·one-hot with ε/C on every class. */
  readonly labelSmoothing?: number;
}

/**
 * Softmax cross-entropy, as `torch.nn.functional.cross_entropy` with class-index targets. `logits` is `(C)`,
 * `(N, C)` or `(N, C, d1, ..., dk)` (class axis 1); `target` holds class indices as whole numbers (any float dtype)
 * with the logits' shape minus the class axis: `[]`, `(N)`, `(N, d1, ..., dk)`. Each index is in [0, C) or equals
 * `ignoreIndex`, else a RangeError.
 *
 * Per position, with `logp = logSoftmax(logits)` over the classes and w the class weight (1 without one):
 * `ℓ = (1 − ε)·(−w[k]·logp[k]) + (ε/C)·Σ_c(−w[c]·logp[c])`, 0 where the target is ignored. "mean" divides the sum
 * by Σ w[k] over the targets not ignored (their count without weights; NaN when every target is ignored, as
 * PyTorch); "sum" sums; "none" keeps the target's shape. Recorded on the tape; only the logits get a gradient.
 */
export function crossEntropy<
  S extends Shape,
  D extends DType,
  TS extends Shape = Extract<ClassTargetShape<S>, Shape>,
  DT extends DType = D,
  R extends Reduction = "mean",
  WS extends Shape = Shape,
  DW extends DType = D,
>(
  logits: Tensor<S, D> & ClassInputGuard<S, "crossEntropy", "logits">,
  target: Tensor<TS, DT> & ClassTargetGuard<"crossEntropy", "logits", S, TS>,
  options?: CrossEntropyOptions<R, Tensor<WS, DW> & ClassWeightGuard<"crossEntropy", "logits", S, D, WS, DW>>,
): LossOutput<R, ClassTargetShape<S>, D> {
  const op = "crossEntropy";
  checkOptions(op, options, ["weight", "ignoreIndex", "labelSmoothing", "reduction"]);
  const reduction = reductionOf(op, options);
  const x = logits as Tensor<S, D>;
  const eps = options?.labelSmoothing ?? 0;
  checkHyper(op, "labelSmoothing", eps, (v) => v >= 0 && v <= 1, "in [0, 1]");
  const { outer, classes, inner, k, w, ignoreIndex, targetShape } = classLossInputs(op, "logits", x, target, options);
  const xd = x.data;
  let wSum = 0;
  for (let c = 0; c < classes; c++) wSum += w === null ? 1 : w[c]!;
  const positions = outer * inner;
  const logZ = new Float64Array(positions);
  const elems = new Float64Array(positions);
  let denominator = 0;
  for (let b = 0; b < outer; b++) {
    for (let p = 0; p < inner; p++) {
      const i = b * inner + p;
      const ki = k[i]!;
      if (ki === ignoreIndex) continue;
      const base = b * classes * inner + p;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, xd[base + c * inner]!);
      let z = 0;
      for (let c = 0; c < classes; c++) z += Math.exp(xd[base + c * inner]! - max);
      const lz = max + Math.log(z);
      logZ[i] = lz;
      const wk = w === null ? 1 : w[ki]!;
      denominator += wk;
      let loss = (1 - eps) * wk * (lz - xd[base + ki * inner]!);
      if (eps > 0) {
        let smooth = 0;
        for (let c = 0; c < classes; c++) smooth += (w === null ? 1 : w[c]!) * (lz - xd[base + c * inner]!);
        loss += (eps / classes) * smooth;
      }
      elems[i] = loss;
    }
  }
  const loss = reduceLoss(x.dtype, targetShape, elems, reduction, denominator);
  return record(op, loss, [x], (gy) => {
    const g = gy.data;
    const scalar = reduction !== "none";
    const s = scalar ? (reduction === "mean" ? g[0]! / denominator : g[0]!) : 0;
    const dx = allocate(x.dtype, xd.length);
    const smoothEach = eps / classes;
    for (let b = 0; b < outer; b++) {
      for (let p = 0; p < inner; p++) {
        const i = b * inner + p;
        const ki = k[i]!;
        if (ki === ignoreIndex) continue;
        const gi = scalar ? s : g[i]!;
        const base = b * classes * inner + p;
        const hard = (1 - eps) * (w === null ? 1 : w[ki]!);
        const total = hard + smoothEach * wSum;
        const lz = logZ[i]!;
        for (let c = 0; c < classes; c++) {
          const at = base + c * inner;
          const direct = smoothEach * (w === null ? 1 : w[c]!) + (c === ki ? hard : 0);
          dx[at] = gi * (total * Math.exp(xd[at]! - lz) - direct);
        }
      }
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  }) as LossOutput<R, ClassTargetShape<S>, D>;
}
