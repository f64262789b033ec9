import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { Conv2dOptions, Conv2dShape } from "../../../types/ops/conv2d.js";
import type { PairOf } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { runConv2d } from "../../ops/conv2d.js";
import { pairOf } from "../../ops/image.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { type ConvParamOptions, convParameters } from "./init.js";

export interface Conv2dFn<W extends Shape, O> extends ShapeFn {
  readonly output: Conv2dShape<InputShape<this>, W, O>;
}

/** Conv2d's options: the op's (stride, padding, dilation), the parameters' dtype and seed, `bias` and `from`. */
export interface Conv2dLayerOptions<D extends DType> extends Conv2dOptions, ConvParamOptions<D> {}

type Kernel = number | readonly [number, number];

/**
 * PyTorch's `nn.Conv2d(inC, outC, kernelSize, stride, padding, dilation, bias)` (groups 1): weight
 * (outC, inC, kH, kW) and bias (outC), initialised as PyTorch does (U(±1/√fanIn)).
 */
export class Conv2d<
  InC extends number,
  OutC extends number,
  K extends Kernel,
  const O extends Conv2dLayerOptions<D> = {},
  D extends DType = "float32",
> extends Layer<Conv2dFn<[OutC, InC, PairOf<K, 1>[0], PairOf<K, 1>[1]], O>> {
  readonly weight: Tensor<[OutC, InC, PairOf<K, 1>[0], PairOf<K, 1>[1]], D>;
  readonly bias: Tensor<[OutC], D> | null;
  readonly options: Conv2dOptions;

  constructor(inChannels: InC, outChannels: OutC, kernelSize: K, options?: O & Conv2dLayerOptions<D>) {
    super();
    const [kH, kW] = pairOf("Conv2d", "kernelSize", kernelSize, 1);
    const { weight, bias } = convParameters("Conv2d", [outChannels, inChannels, kH, kW], outChannels, inChannels * kH * kW, options);
    this.weight = this.registerParameter("weight", weight as Tensor<[OutC, InC, PairOf<K, 1>[0], PairOf<K, 1>[1]], D>);
    this.bias = bias === null ? null : this.registerParameter("bias", bias as Tensor<[OutC], D>);
    this.options = { stride: options?.stride, padding: options?.padding, dilation: options?.dilation };
  }

  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    return runConv2d("conv2d", x, this.weight, this.bias, this.options, false);
  }
}
