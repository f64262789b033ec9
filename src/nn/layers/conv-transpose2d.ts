import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { PairOf } from "../../../types/ops/common.js";
import type { ConvTranspose2dOptions, ConvTranspose2dShape } from "../../../types/ops/conv-transpose2d.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { convTranspose2d } from "../../ops/conv-transpose2d.js";
import { pairOf } from "../../ops/image.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { type ConvParamOptions, convParameters } from "./init.js";

export interface ConvTranspose2dFn<W extends Shape, O> extends ShapeFn {
  readonly output: ConvTranspose2dShape<InputShape<this>, W, O>;
}

/** ConvTranspose2d's options: the op's, the parameters' dtype and seed, `bias` and `from`. */
export interface ConvTranspose2dLayerOptions<D extends DType> extends ConvTranspose2dOptions, ConvParamOptions<D> {}

type Kernel = number | readonly [number, number];

/**
 * PyTorch's `nn.ConvTranspose2d(inC, outC, kernelSize, stride, padding, outputPadding, dilation, bias)`
 * (groups 1): weight (inC, outC, kH, kW), bias (outC); PyTorch's init, whose fan-in is outC·kH·kW.
 */
export class ConvTranspose2d<
  InC extends number,
  OutC extends number,
  K extends Kernel,
  const O extends ConvTranspose2dLayerOptions<D> = {},
  D extends DType = "float32",
> extends Layer<ConvTranspose2dFn<[InC, OutC, PairOf<K, 1>[0], PairOf<K, 1>[1]], O>> {
  readonly weight: Tensor<[InC, OutC, PairOf<K, 1>[0], PairOf<K, 1>[1]], D>;
  readonly bias: Tensor<[OutC], D> | null;
  readonly options: ConvTranspose2dOptions;

  constructor(inChannels: InC, outChannels: OutC, kernelSize: K, options?: O & ConvTranspose2dLayerOptions<D>) {
    super();
    const [kH, kW] = pairOf("ConvTranspose2d", "kernelSize", kernelSize, 1);
    const { weight, bias } = convParameters("ConvTranspose2d", [inChannels, outChannels, kH, kW], outChannels, outChannels * kH * kW, options);
    this.weight = this.registerParameter("weight", weight as Tensor<[InC, OutC, PairOf<K, 1>[0], PairOf<K, 1>[1]], D>);
    this.bias = bias === null ? null : this.registerParameter("bias", bias as Tensor<[OutC], D>);
    this.options = { stride: options?.stride, padding: options?.padding, outputPadding: options?.outputPadding, dilation: options?.dilation };
  }

  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    return convTranspose2d(
      x,
      this.weight as Tensor<Shape, DType> as Tensor<Shape, XD>,
      this.bias as Tensor<Shape, DType> | null as Tensor<Shape, XD> | null,
      this.options,
    ) as Tensor<Shape, XD>;
  }
}
