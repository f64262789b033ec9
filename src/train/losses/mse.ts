import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { SameShapeCheck } from "../../../types/train/same-shape.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type LossOptions, type LossResult, checkSameShape, reductionOf } from "./common.js";

/**
 * Mean squared error, as `torch.nn.functional.mse_loss`: per element `(p − t)²`, reduced by mean (default) or sum.
 * Gradient with respect to `pred`: `2(p − t)`, divided by the element count for "mean".
 */
export function mse<S extends Shape, D extends DType, TS extends Shape = S>(pred: Tensor<S, D>, target: OrMessage<Tensor<TS, NoInfer<D>>, SameShapeCheck<"mse", "target", TS, "pred", S>>, options?: LossOptions): LossResult<S, D> {
  const reduction = reductionOf("mse", options);
  const targetTensor = target as Tensor<Shape, D>; // the guard's message branch never reaches run time
  checkSameShape("mse", "target", targetTensor.shape, "pred", pred.shape);
  const p = pred.data;
  const t = targetTensor.data;
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
