import type { DTypeCheck } from "../../types/ops/dtype-check.js";
import type { FirstMessage } from "../../types/ops/first-message.js";
import type { GradCheck } from "../../types/ops/grad-check.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { record } from "../autograd/graph.js";
import { reluBound } from "../bounds/activations.js";
import { currentBackend } from "../backend.js";
import { allocate, Tensor } from "../tensor/tensor.js";
import { requireDType } from "./dtype.js";
import { requireGradShape } from "./grad-shape.js";
import { requireTensor } from "./tensor-arg.js";

/** max(x, 0) elementwise; NaN stays NaN. */
export function relu<S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> {
  requireTensor("relu", "x", x);
  const y = allocate(x.dtype, x.data.length);
  currentBackend().reluForward(x.data, y);
  return record(
    "relu",
    Tensor.wrap(x.shape, x.dtype, y),
    [x],
    (gy) => {
      const dx = allocate(x.dtype, y.length);
      currentBackend().reluBackward(y, gy.data, dx);
      return [Tensor.wrap(x.shape, x.dtype, dx)];
    },
    () => reluBound,
  );
}

/**
 * dx = dy where the forward output y > 0, else 0: relu'(0) = 0 as in PyTorch. Takes y rather than x so the
 * forward's output is all backward keeps (y > 0 exactly where x > 0).
 */
export function reluBackward<S extends Shape, D extends DType, YS extends Shape, YD extends DType>(
  dy: Tensor<S, D> & FirstMessage<[GradCheck<"reluBackward", YS, S>, DTypeCheck<"reluBackward", "dy", "y", YD, D>]>,
  y: Tensor<YS, YD>,
): Tensor<YS, YD> {
  requireGradShape("reluBackward", y.shape, dy.shape);
  requireDType("reluBackward", "dy", "y", y.dtype, dy.dtype);
  const dx = allocate(y.dtype, y.data.length);
  currentBackend().reluBackward(y.data, dy.data, dx);
  return Tensor.wrap(y.shape, y.dtype, dx);
}
