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

/** huber's options (as torch's huber_loss): reduction and delta. */
export interface HuberOptions<R extends Reduction = Reduction> extends ReductionOptions<R> {
  /** Where the loss turns from quadratic to linear (default 1); must be > 0, as PyTorch. */
  readonly delta?: number;
}

/**
 * Huber loss, as `torch.nn.functional.huber_loss`: with d = p − t, per element `0.5·d²` where |d| < delta, else
 * `delta·(|d| − 0.5·delta)`; then reduced ("mean" by default, "sum", or "none": pred's shape). On the tape:
 * `pred.grad = clamp(d, −delta, delta)·g`, `target.grad` its negation.
 */
export function huber<S extends Shape, D extends DType, TS extends Shape = S, DT extends DType = D, R extends Reduction = "mean">(
  pred: Tensor<S, D>,
  target: Tensor<TS, DT> & SameShapeGuard<"huber", "target", TS, DT, "pred", S, D>,
  options?: HuberOptions<R>,
): LossOutput<R, S, D> {
  const op = "huber";
  checkOptions(op, options, ["reduction", "delta"]);
  const reduction = reductionOf(op, options);
  const delta = options?.delta ?? 1;
  checkHyper(op, "delta", delta, (v) => v > 0, "a number > 0");
  const t = target as AnyTensor;
  checkLike(op, "target", t, "pred", pred);
  return pointwiseLoss(op, pred, t, reduction, huberRule, delta) as LossOutput<R, S, D>;
}

/** k = delta. */
const huberRule: PointwiseRule = {
  elem: (d, delta) => {
    const a = Math.abs(d);
    return a < delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
  },
  slope: (d, delta) => (d < -delta ? -delta : d > delta ? delta : d),
};
