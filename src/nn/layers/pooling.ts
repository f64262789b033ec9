import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { AvgPool2dOptions, AvgPool2dShape } from "../../../types/ops/image/avg-pool2d.js";
import type { InterpolateOptions, InterpolateShape } from "../../../types/ops/image/interpolate.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { avgPool2d } from "../../ops/image/avg-pool2d.js";
import { interpolate } from "../../ops/image/interpolate.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";

export interface AvgPool2dFn<O> extends ShapeFn {
  readonly output: AvgPool2dShape<InputShape<this>, O>;
}

/** PyTorch's `nn.AvgPool2d(kernel, stride = kernel, padding, ceilMode, countIncludePad)`. */
export class AvgPool2d<const O extends AvgPool2dOptions> extends Layer<AvgPool2dFn<O>> {
  readonly options: O;
  constructor(options: O) {
    super();
    this.options = options;
  }
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return avgPool2d(x, this.options as AvgPool2dOptions) as Tensor<Shape, D>;
  }
}

export interface UpsampleFn<O> extends ShapeFn {
  readonly output: InterpolateShape<InputShape<this>, O>;
}

/** PyTorch's `nn.Upsample(size | scaleFactor, mode, alignCorners)` on (N, C, H, W). */
export class Upsample<const O extends InterpolateOptions> extends Layer<UpsampleFn<O>> {
  readonly options: O;
  constructor(options: O) {
    super();
    this.options = options;
  }
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return interpolate(x, this.options as InterpolateOptions) as Tensor<Shape, D>;
  }
}
