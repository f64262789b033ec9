import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { SameShapeGuard } from "../../../types/train/losses.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  type AnyTensor,
  type LossOutput,
  type Reduction,
  type ReductionOptions,
  checkHyper,
  checkLike,
  checkOptions,
  reductionOf,
} from "./common.js";
import { type PointwiseRule, pointwiseLoss } from "./pointwise.js";

/** smoothL1's options (as torch's smooth_l1_loss): reduction and beta. */
export interface SmoothL1Options<R extends Reduction = Reduction> extends ReductionOptions<R> {
  /** Where the loss turns from quadratic to linear (default 1); ≥ 0, and 0 is the L1 loss, as PyTorch. */
  readonly beta?: number;
}

/**
 * Smooth L1 loss, as `torch.nn.functional.smooth_l1_loss`: with d = p − t, per element `0.5·d²/beta` where
 * |d| < beta, else `|d| − 0.5·beta` (beta = 0: `|d|`); then reduced ("mean" by default, "sum", or "none": pred's
 * shape). On the tape: `pred.grad = clamp(d / beta, −1, 1)·g` (sign(d)·g for beta = 0), `target.grad` its negation.
 */
export function smoothL1<S extends Shape, D extends DType, TS extends Shape = S, DT extends DType = D, R extends Reduction = "mean">(
  pred: Tensor<S, D>,
  target: Tensor<TS, DT> & SameShapeGuard<"smoothL1", "target", TS, DT, "pred", S, D>,
  options?: SmoothL1Options<R>,
): LossOutput<R, S, D> {
  const op = "smoothL1";
  checkOptions(op, options, ["reduction", "beta"]);
  const reduction = reductionOf(op, options);
  const beta = options?.beta ?? 1;
  checkHyper(op, "beta", beta, (v) => v >= 0, "a number ≥ 0");
  const t = target as AnyTensor;
  checkLike(op, "target", t, "pred", pred);
  return pointwiseLoss(op, pred, t, reduction, smoothL1Rule, beta) as LossOutput<R, S, D>;
}

/** k = beta. */
const smoothL1Rule: PointwiseRule = {
  elem: (d, beta) => {
    const a = Math.abs(d);
    return a < beta ? (0.5 * a * a) / beta : a - 0.5 * beta;
  },
  slope: (d, beta) => (d < -beta ? -1 : d > beta ? 1 : beta === 0 ? 0 : d / beta),
};
