import type { SameShapeFn } from "../../../types/nn/shape-fn.js";
import type { EluOptions, GeluOptions, LeakyReluOptions, SoftplusOptions } from "../../../types/ops/elementwise/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { elu, gelu, leakyRelu, sigmoid, silu, softplus, tanh } from "../../ops/elementwise/index.js";
import { relu } from "../../ops/relu.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";

/** PyTorch's `nn.ReLU()`. */
export class ReLU extends Layer<SameShapeFn> {
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return relu(x);
  }
}

/** PyTorch's `nn.Sigmoid()`. */
export class Sigmoid extends Layer<SameShapeFn> {
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return sigmoid(x);
  }
}

/** PyTorch's `nn.Tanh()`. */
export class Tanh extends Layer<SameShapeFn> {
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return tanh(x);
  }
}

/** PyTorch's `nn.SiLU()`. */
export class SiLU extends Layer<SameShapeFn> {
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return silu(x);
  }
}

/** PyTorch's `nn.GELU(approximate = "none")`. */
export class GELU extends Layer<SameShapeFn> {
  readonly options: GeluOptions;
  constructor(options: GeluOptions = {}) {
    super();
    this.options = { approximate: options.approximate ?? "none" };
  }
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return gelu(x, this.options);
  }
}

/** PyTorch's `nn.LeakyReLU(negativeSlope = 0.01)`. */
export class LeakyReLU extends Layer<SameShapeFn> {
  readonly options: LeakyReluOptions;
  constructor(options: LeakyReluOptions = {}) {
    super();
    this.options = { negativeSlope: options.negativeSlope ?? 0.01 };
  }
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return leakyRelu(x, this.options);
  }
}

/** PyTorch's `nn.Softplus(beta = 1, threshold = 20)`. */
export class Softplus extends Layer<SameShapeFn> {
  readonly options: SoftplusOptions;
  constructor(options: SoftplusOptions = {}) {
    super();
    this.options = { beta: options.beta ?? 1, threshold: options.threshold ?? 20 };
  }
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return softplus(x, this.options);
  }
}

/** PyTorch's `nn.ELU(alpha = 1)`. */
export class ELU extends Layer<SameShapeFn> {
  readonly options: EluOptions;
  constructor(options: EluOptions = {}) {
    super();
    this.options = { alpha: options.alpha ?? 1 };
  }
  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return elu(x, this.options);
  }
}
