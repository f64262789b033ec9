import type { DTypeCheck } from "../../types/ops/dtype-check.js";
import type { FirstMessage } from "../../types/ops/first-message.js";
import type { GradCheck } from "../../types/ops/grad-check.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { record } from "../autograd/graph.js";
import { reluBound } from "../bounds/activations.js";
import { currentBackend } from "../backend.js";
import { kernelData, type Tensor } from "../tensor/tensor.js";
import { opOutput } from "./output.js";
import { requireDType } from "./dtype.js";
import { requireGradShape } from "./grad-shape.js";
import { requireTensor } from "./tensor-arg.js";

/** max(x, 0) elementwise; NaN stays NaN. */
export function relu<S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> {
  requireTensor("relu", "x", x);
  const backend = currentBackend();
  const heap = backend.residentHeap;
  const y = opOutput(x.dtype, x.size, heap);
  backend.reluForward(kernelData(x, heap), y.array);
  const out = y.tensor(x.shape);
  return record(
    "relu",
    out,
    [x],
    (gy) => [reluBackwardOf(gy, out)],
    () => reluBound,
  );
}

/** dx for upstream dy, y the forward's output: one kernel call, its output resident like the forward's. */
function reluBackwardOf<S extends Shape, D extends DType>(dy: Tensor<Shape, DType>, y: Tensor<S, D>): Tensor<S, D> {
  const backend = currentBackend();
  const heap = backend.residentHeap;
  const dx = opOutput(y.dtype, y.size, heap);
  backend.reluBackward(kernelData(y, heap), kernelData(dy, heap), dx.array);
  return dx.tensor(y.shape);
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
  return reluBackwardOf(dy, y);
}
