import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { SameShapeGuard } from "../../../types/train/losses.js";
import type { Tensor } from "../../tensor/tensor.js";
import { type AnyTensor, type LossOutput, type Reduction, type ReductionOptions, checkLike, checkOptions, reductionOf } from "./common.js";
import { type PointwiseRule, pointwiseLoss } from "./pointwise.js";

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
  return pointwiseLoss(op, pred, t, reduction, squaredError, 0) as LossOutput<R, S, D>;
}

const squaredError: PointwiseRule = {
  elem: (d) => d * d,
  slope: (d) => 2 * d,
  // (2d)·s = d·(2s) and (2d)·g = d·(2g) exactly (doubling is exact): the kernel gives the loop's bits
  onBackend: (backend) =>
    backend.squaredDifferenceSum === undefined || backend.scaledDifference === undefined
      ? null
      : {
          sum: (p, t) => backend.squaredDifferenceSum!(p, t),
          slopes: (p, t, g, s, dp) => backend.scaledDifference!(p, t, g, g === null ? 2 * s : 2, dp),
        },
};
