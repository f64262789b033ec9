import type { DType, Shape } from "../../types/tensor/shape.js";
import { currentBackend } from "../backend.js";
import { allocate, Tensor } from "../tensor/tensor.js";
import { requireSameShape } from "./conv2d.js";

/** max(x, 0) elementwise; NaN stays NaN. */
export function relu<S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> {
  const y = allocate(x.dtype, x.data.length);
  currentBackend().reluForward(x.data, y);
  return Tensor.wrap(x.shape, x.dtype, y);
}

/** dx = dy where the forward output y > 0, else 0: relu'(0) = 0 as in PyTorch. */
export function reluBackward<S extends Shape, D extends DType>(dy: Tensor<S, D>, y: Tensor<S, D>): Tensor<S, D> {
  requireSameShape("reluBackward", "dy", y.shape, dy.shape);
  const dx = allocate(y.dtype, y.data.length);
  currentBackend().reluBackward(y.data, dy.data, dx);
  return Tensor.wrap(y.shape, y.dtype, dx);
}
