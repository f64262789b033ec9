import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { EmbeddingShape } from "../../../types/ops/norm/embedding.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { embedding, paddingRow } from "../../ops/norm/embedding.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { type ParamOptions, rngFor } from "./init.js";

export interface EmbeddingFn<V extends number, E extends number> extends ShapeFn {
  readonly output: EmbeddingShape<[V, E], InputShape<this>>;
}

export interface EmbeddingLayerOptions<D extends DType> extends ParamOptions<D> {
  /** This row's gradient is always 0; it is initialised to zeros (PyTorch's padding_idx). */
  readonly paddingIdx?: number | null;
}

/**
 * PyTorch's `nn.Embedding(numEmbeddings, embeddingDim, paddingIdx)`: weight (V, E) drawn from N(0, 1); input
 * indices (whole numbers in a float tensor) of any shape S give (...S, E) in the input's dtype.
 */
export class Embedding<V extends number, E extends number, D extends DType = "float32"> extends Layer<EmbeddingFn<V, E>> {
  readonly weight: Tensor<[V, E], D>;
  readonly paddingIdx: number | null;

  constructor(numEmbeddings: V, embeddingDim: E, options: EmbeddingLayerOptions<D> = {}) {
    super();
    const dtype = (options.dtype ?? "float32") as D;
    const rng = rngFor(options.seed);
    const data = allocate(dtype, numEmbeddings * embeddingDim);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    // checked as the op checks it, when the layer is made (as torch.nn.Embedding), not at its first call
    const row = paddingRow(options.paddingIdx, numEmbeddings);
    this.paddingIdx = row === -1 ? null : row;
    if (this.paddingIdx !== null) data.fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
    this.weight = this.registerParameter("weight", Tensor.wrap([numEmbeddings, embeddingDim] as [V, E], dtype, data));
  }

  run<XD extends DType>(indices: Tensor<Shape, XD>): Tensor<Shape, XD> {
    const weight = this.weight as Tensor<Shape, DType> as Tensor<Shape, XD>;
    return embedding(weight, indices, { paddingIdx: this.paddingIdx });
  }
}
