import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { LinearShape, LinearXRank } from "../../../types/ops/linalg/linear.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { linear } from "../../ops/linalg/linear.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { defaultInitBound, type ParamOptions, rngFor, uniformTensor } from "./init.js";

export interface LinearFn<In extends number, Out extends number> extends ShapeFn {
  readonly output: LinearXRank<InputShape<this>> extends infer E extends string ? E : LinearShape<InputShape<this>, [Out, In]>;
}

export interface LinearLayerOptions<D extends DType> extends ParamOptions<D> {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
}

/** PyTorch's `nn.Linear(in, out, bias)`: y = x Wᵀ + b over the last axis; weight (out, in), U(±1/√in) init. */
export class Linear<In extends number, Out extends number, D extends DType = "float32"> extends Layer<LinearFn<In, Out>> {
  readonly weight: Tensor<[Out, In], D>;
  readonly bias: Tensor<[Out], D> | null;

  constructor(inFeatures: In, outFeatures: Out, options: LinearLayerOptions<D> = {}) {
    super();
    const dtype = (options.dtype ?? "float32") as D;
    const rng = rngFor(options.seed);
    const bound = defaultInitBound(inFeatures);
    this.weight = this.registerParameter("weight", uniformTensor([outFeatures, inFeatures] as [Out, In], bound, dtype, rng));
    this.bias = options.bias === false ? null : this.registerParameter("bias", uniformTensor([outFeatures] as [Out], bound, dtype, rng));
  }

  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    return linear(x, this.weight as Tensor<Shape, DType> as Tensor<Shape, XD>, this.bias as Tensor<Shape, DType> | null as Tensor<Shape, XD> | null);
  }
}
