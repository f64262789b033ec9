import type { DType, Shape } from "../../../types/tensor/shape.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type LossOptions, type LossResult, checkSameShape, reductionOf } from "./common.js";

/**
 * Mean squared error, as `torch.nn.functional.mse_loss`: per element `(p − t)²`, reduced by mean (default) or sum.
 * Gradient with respect to `pred`: `2(p − t)`, divided by the element count for "mean".
 */
export function mse<S extends Shape, D extends DType>(pred: Tensor<S, D>, target: Tensor<S, NoInfer<D>>, options?: LossOptions): LossResult<S, D> {
  const reduction = reductionOf("mse", options);
  checkSameShape("mse", "target", target.shape, "pred", pred.shape);
  const p = pred.data;
  const t = target.data;
  const n = p.length;
  const scale = reduction === "mean" ? 1 / n : 1;
  const grad = allocate(pred.dtype, n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - t[i]!;
    sum += d * d;
    grad[i] = 2 * d * scale;
  }
  return { loss: sum * scale, grad: Tensor.wrap(pred.shape, pred.dtype, grad) };
}
