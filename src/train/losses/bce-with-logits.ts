import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { SameShapeCheck } from "../../../types/train/same-shape.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type LossOptions, type LossResult, checkSameShape, reductionOf, sigmoid } from "./common.js";

/**
 * Binary cross-entropy on logits, as `torch.nn.functional.binary_cross_entropy_with_logits`:
 * per element `ℓ = max(x, 0) − x·t + log1p(exp(−|x|))` (stable for any x), reduced by mean (default) or sum.
 * Gradient: `(σ(x) − t)`, divided by the element count for "mean".
 * `target` must have the logits' shape (checked by tsc where the dims are literals, and at run time).
 */
export function bceWithLogits<S extends Shape, D extends DType, TS extends Shape = S>(
  logits: Tensor<S, D>,
  target: OrMessage<Tensor<TS, NoInfer<D>>, SameShapeCheck<"bceWithLogits", "target", TS, "logits", S>>,
  options?: LossOptions,
): LossResult<S, D> {
  const reduction = reductionOf("bceWithLogits", options);
  const targetTensor = target as Tensor<Shape, D>; // the guard's message branch never reaches run time
  checkSameShape("bceWithLogits", "target", targetTensor.shape, "logits", logits.shape);
  const x = logits.data;
  const t = targetTensor.data;
  const n = x.length;
  const scale = reduction === "mean" ? 1 / n : 1;
  const grad = allocate(logits.dtype, n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const ti = t[i]!;
    sum += Math.max(xi, 0) - xi * ti + Math.log1p(Math.exp(-Math.abs(xi)));
    grad[i] = (sigmoid(xi) - ti) * scale;
  }
  return { loss: sum * scale, grad: Tensor.wrap(logits.shape, logits.dtype, grad) };
}
