import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { ChannelParamCheck, GroupNormXCheck, GroupsCheck } from "../../../types/ops/norm/group-norm.js";
import type { LayerNormCheck } from "../../../types/ops/norm/layer-norm.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { groupNorm } from "../../ops/norm/group-norm.js";
import { layerNorm } from "../../ops/norm/layer-norm.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { filledTensor } from "./init.js";

export interface LayerNormFn<NS extends Shape> extends ShapeFn {
  readonly output: LayerNormCheck<InputShape<this>, NS> extends infer E extends string ? E : InputShape<this>;
}

/** LayerNorm's and GroupNorm's options besides the sizes (as torch.nn's). */
export interface NormLayerOptions<D extends DType> {
  readonly dtype?: D;
  /** Default 1e-5. */
  readonly eps?: number;
  /** Learn a per-element weight (init 1) and bias (init 0). Default true (PyTorch's elementwise_affine / affine). */
  readonly affine?: boolean;
}

/** PyTorch's `nn.LayerNorm(normalizedShape, eps, elementwise_affine)` over x's trailing axes. */
export class LayerNorm<const NS extends Shape, D extends DType = "float32"> extends Layer<LayerNormFn<NS>> {
  readonly normalizedShape: NS;
  readonly eps: number;
  readonly weight: Tensor<NS, D> | null;
  readonly bias: Tensor<NS, D> | null;

  /** `normalizedShape` is a list (`[E]` for the last axis), as layerNorm takes it; PyTorch also takes a bare int. */
  constructor(normalizedShape: NS, options: NormLayerOptions<D> = {}) {
    super();
    const ns = [...normalizedShape] as Shape as NS;
    const dtype = (options.dtype ?? "float32") as D;
    this.normalizedShape = ns;
    this.eps = options.eps ?? 1e-5;
    const affine = options.affine !== false;
    this.weight = affine ? this.registerParameter("weight", filledTensor(ns, 1, dtype)) : null;
    this.bias = affine ? this.registerParameter("bias", filledTensor(ns, 0, dtype)) : null;
  }

  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    const w = this.weight as Tensor<Shape, DType> | null as Tensor<Shape, XD> | null;
    const b = this.bias as Tensor<Shape, DType> | null as Tensor<Shape, XD> | null;
    return layerNorm(x, this.normalizedShape as Shape, w, b, { eps: this.eps });
  }
}

export interface GroupNormFn<G extends number, C extends number> extends ShapeFn {
  readonly output: FirstMessage<
    [GroupNormXCheck<InputShape<this>>, GroupsCheck<InputShape<this>, G>, ChannelParamCheck<"groupNorm", "weight", InputShape<this>, [C]>]
  > extends infer E extends string
    ? E
    : InputShape<this>;
}

/** PyTorch's `nn.GroupNorm(numGroups, numChannels, eps, affine)` on x (N, C, ...). */
export class GroupNorm<G extends number, C extends number, D extends DType = "float32"> extends Layer<GroupNormFn<G, C>> {
  readonly numGroups: G;
  readonly eps: number;
  readonly weight: Tensor<[C], D> | null;
  readonly bias: Tensor<[C], D> | null;

  constructor(numGroups: G, numChannels: C, options: NormLayerOptions<D> = {}) {
    super();
    if (!Number.isSafeInteger(numGroups) || numGroups <= 0 || numChannels % numGroups !== 0) {
      throw new ShapeError(`GroupNorm: num_channels must be divisible by num_groups, got ${numChannels} and ${numGroups}`);
    }
    const dtype = (options.dtype ?? "float32") as D;
    this.numGroups = numGroups;
    this.eps = options.eps ?? 1e-5;
    const affine = options.affine !== false;
    this.weight = affine ? this.registerParameter("weight", filledTensor([numChannels] as [C], 1, dtype)) : null;
    this.bias = affine ? this.registerParameter("bias", filledTensor([numChannels] as [C], 0, dtype)) : null;
  }

  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    const w = this.weight as Tensor<Shape, DType> | null as Tensor<Shape, XD> | null;
    const b = this.bias as Tensor<Shape, DType> | null as Tensor<Shape, XD> | null;
    return groupNorm(x, this.numGroups as number, w, b, { eps: this.eps });
  }
}
