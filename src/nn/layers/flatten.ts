import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { FlattenShape } from "../../../types/ops/shape/flatten.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { flatten } from "../../ops/shape/flatten.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";

export interface FlattenFn<Start extends number, End extends number> extends ShapeFn {
  readonly output: FlattenShape<"flatten", InputShape<this>, Start, End>;
}

/** PyTorch's `nn.Flatten(startDim = 1, endDim = -1)`: keeps the batch axis, unlike `flatten`'s default 0. */
export class Flatten<const Start extends number = 1, const End extends number = -1> extends Layer<FlattenFn<Start, End>> {
  readonly startDim: Start;
  readonly endDim: End;

  constructor(startDim: Start = 1 as Start, endDim: End = -1 as End) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    return flatten(x, this.startDim as number, this.endDim as number) as Tensor<Shape, D>;
  }
}
