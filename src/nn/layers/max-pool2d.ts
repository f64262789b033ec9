import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { MaxPool2dOptions, MaxPool2dShape } from "../../../types/ops/max-pool2d.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { maxPool2d } from "../../ops/max-pool2d.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";

export interface MaxPool2dFn<O> extends ShapeFn {
  readonly output: MaxPool2dShape<InputShape<this>, O>;
}

/** PyTorch's `nn.MaxPool2d(kernel, stride = kernel, padding, dilation, ceilMode)`. */
export class MaxPool2d<const O extends MaxPool2dOptions> extends Layer<MaxPool2dFn<O>> {
  readonly options: O;

  constructor(options: O) {
    super();
    this.options = options;
  }

  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return maxPool2d(x, this.options as MaxPool2dOptions) as Tensor<Shape, D>;
  }
}
