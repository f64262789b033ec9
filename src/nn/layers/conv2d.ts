import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { Conv2dOptions, Conv2dShape } from "../../../types/ops/conv2d.js";
import type { PairOf } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { runConv2d } from "../../ops/conv2d.js";
import { pairOf } from "../../ops/image.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { type ParamOptions, requireParameterShapes, rngFor, uniformTensor } from "./init.js";

export interface Conv2dFn<W extends Shape, O> extends ShapeFn {
  readonly output: Conv2dShape<InputShape<this>, W, O>;
}

export interface Conv2dLayerOptions<D extends DType> extends Conv2dOptions, ParamOptions<D> {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /**
   * Existing tensors to register as the parameters instead of initialising new ones (shapes checked), e.g. a
   * model assembled from a parameter record such as UNet2's.
   */
  readonly from?: { readonly weight: Tensor<Shape, D>; readonly bias: Tensor<Shape, D> | null };
}

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
    const dtype = (options?.dtype ?? "float32") as D;
    const rng = rngFor(options?.seed);
    const bound = 1 / Math.sqrt(inChannels * kH * kW);
    const weightShape = [outChannels, inChannels, kH, kW] as [OutC, InC, PairOf<K, 1>[0], PairOf<K, 1>[1]];
    const given = options?.from;
    if (given !== undefined) requireParameterShapes("Conv2d", weightShape, [outChannels], given);
    this.weight = this.registerParameter("weight", (given?.weight ?? uniformTensor(weightShape, bound, dtype, rng)) as Tensor<[OutC, InC, PairOf<K, 1>[0], PairOf<K, 1>[1]], D>);
    const bias = given !== undefined ? given.bias : options?.bias === false ? null : uniformTensor([outChannels] as [OutC], bound, dtype, rng);
    this.bias = bias === null ? null : this.registerParameter("bias", bias as Tensor<[OutC], D>);
    this.options = { stride: options?.stride, padding: options?.padding, dilation: options?.dilation };
  }

  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    return runConv2d("conv2d", x, this.weight, this.bias, this.options, false);
  }
}
