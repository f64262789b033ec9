import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ModuleList } from "../containers.js";
import type { AttentionOptions } from "./attention.js";
import { rngFor } from "./init.js";
import type { LayerNorm } from "./norms.js";
import { MaskedEncoder, type TransformerEncoderLayer } from "./transformer.js";

/** TransformerEncoder's options besides the layer and the count (as torch.nn.TransformerEncoder's). */
export interface TransformerEncoderOptions<E extends number, D extends DType> {
  /** Applied after the last layer (PyTorch's `norm`); default none. */
  readonly norm?: LayerNorm<[E], D> | null;
  /** Seeds the copies' dropouts (each copy draws its own). */
  readonly seed?: number;
}

/**
 * PyTorch's `nn.TransformerEncoder(encoder_layer, num_layers, norm)`: `numLayers` copies of `encoderLayer` (its
 * weights, as PyTorch's deep copies; the layer passed in is not one of them) named `layers.0`, `layers.1`, …,
 * then `norm` when given. (B, T, E) in, the same out; masks go to every layer through `forwardWith`.
 */
export class TransformerEncoder<E extends number, D extends DType = "float32"> extends MaskedEncoder<E> {
  readonly layers: ModuleList<TransformerEncoderLayer<E, D>>;
  readonly norm: LayerNorm<[E], D> | null;

  constructor(encoderLayer: TransformerEncoderLayer<E, D>, numLayers: number, options: TransformerEncoderOptions<E, D> = {}) {
    super();
    if (!Number.isInteger(numLayers) || numLayers < 1) {
      throw new RangeError(`TransformerEncoder: numLayers must be a whole number ≥ 1, got ${String(numLayers)}`);
    }
    const rng = rngFor(options.seed);
    const copies = Array.from({ length: numLayers }, () => encoderLayer.clone(rng.int(2 ** 31)));
    this.layers = this.registerModule("layers", new ModuleList(copies));
    this.norm = options.norm === undefined || options.norm === null ? null : this.registerModule("norm", options.norm);
  }

  /** Every layer in turn, each given the masks; then the norm. */
  runWith<XD extends DType>(x: Tensor<Shape, XD>, masks: Pick<AttentionOptions<XD>, "attnMask" | "keyPaddingMask">): Tensor<Shape, XD> {
    let h = x;
    for (const layer of this.layers.items) h = layer.runWith(h, masks);
    return this.norm === null ? h : this.norm.run(h);
  }
}
