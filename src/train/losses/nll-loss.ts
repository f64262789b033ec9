import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { ClassInputGuard, ClassTargetGuard, ClassTargetShape, ClassWeightGuard } from "../../../types/train/losses.js";
import { record } from "../../autograd/graph.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type AnyTensor, type LossOutput, type Reduction, type ReductionOptions, checkOptions, reductionOf, reduceLoss } from "./common.js";
import { classLossInputs } from "./class-targets.js";

/** nllLoss's options (as torch's nll_loss): reduction, class weights, ignore index. */
export interface NllLossOptions<R extends Reduction = Reduction, W = AnyTensor> extends ReductionOptions<R> {
  /** A weight per class, shape `(C)`, logProbs' dtype (PyTorch's `weight`); it gets no gradient. */
  readonly weight?: W | null;
  /** Targets equal to this contribute 0 and leave the "mean" denominator (default −100, as PyTorch). */
  readonly ignoreIndex?: number;
}

/**
 * Negative log-likelihood, as `torch.nn.functional.nll_loss`: `logProbs` is `(C)`, `(N, C)` or
 * `(N, C, d1, ..., dk)` (class axis 1), `target` class indices with its shape minus the class axis (see
 * crossEntropy). Per position `ℓ = −w[k]·logProbs[k]` (0 where the target is ignored); "mean" divides by Σ w[k]
 * over the targets not ignored, "sum" sums, "none" keeps the target's shape. Only logProbs get a gradient.
 */
export function nllLoss<
  S extends Shape,
  D extends DType,
  TS extends Shape = Extract<ClassTargetShape<S, "nllLoss", "logProbs">, Shape>,
  DT extends DType = D,
  R extends Reduction = "mean",
  WS extends Shape = Shape,
  DW extends DType = D,
>(
  logProbs: Tensor<S, D> & ClassInputGuard<S, "nllLoss", "logProbs">,
  target: Tensor<TS, DT> & ClassTargetGuard<"nllLoss", "logProbs", S, TS>,
  options?: NllLossOptions<R, Tensor<WS, DW> & ClassWeightGuard<"nllLoss", "logProbs", S, D, WS, DW>>,
): LossOutput<R, ClassTargetShape<S, "nllLoss", "logProbs">, D> {
  const op = "nllLoss";
  checkOptions(op, options, ["weight", "ignoreIndex", "reduction"]);
  const reduction = reductionOf(op, options);
  const x = logProbs as Tensor<S, D>;
  const { outer, classes, inner, k, w, ignoreIndex, targetShape } = classLossInputs(op, "logProbs", x, target, options);
  const xd = x.data;
  const positions = outer * inner;
  const elems = new Float64Array(positions);
  let denominator = 0;
  for (let b = 0; b < outer; b++) {
    for (let p = 0; p < inner; p++) {
      const i = b * inner + p;
      const ki = k[i]!;
      if (ki === ignoreIndex) continue;
      const wk = w === null ? 1 : w[ki]!;
      denominator += wk;
      elems[i] = -wk * xd[b * classes * inner + ki * inner + p]!;
    }
  }
  const loss = reduceLoss(x.dtype, targetShape, elems, reduction, denominator);
  return record(op, loss, [x], (gy) => {
    const g = gy.data;
    const scalar = reduction !== "none";
    const s = scalar ? (reduction === "mean" ? g[0]! / denominator : g[0]!) : 0;
    const dx = allocate(x.dtype, xd.length);
    for (let b = 0; b < outer; b++) {
      for (let p = 0; p < inner; p++) {
        const i = b * inner + p;
        const ki = k[i]!;
        if (ki === ignoreIndex) continue;
        dx[b * classes * inner + ki * inner + p] = -(w === null ? 1 : w[ki]!) * (scalar ? s : g[i]!);
      }
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  }) as LossOutput<R, ClassTargetShape<S, "nllLoss", "logProbs">, D>;
}
