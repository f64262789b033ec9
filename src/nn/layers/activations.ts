import type { SameShapeFn } from "../../../types/nn/shape-fn.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { relu } from "../../ops/relu.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";

/** PyTorch's `nn.ReLU()`. */
export class ReLU extends Layer<SameShapeFn> {
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return relu(x);
  }
}
