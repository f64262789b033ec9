import type { ApplyShapeFn, InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { CheckAgree } from "../../../types/ops/common.js";
import type { BadRank } from "../../../types/tensor/messages.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { add } from "../../ops/elementwise/add.js";
import { gelu } from "../../ops/elementwise/gelu.js";
import { linearRelu } from "../../ops/linalg/linear.js";
import type { ShapedResult, ShapeGuard } from "../../ops/result.js";
import { axisMismatch, badRank } from "../../tensor/messages.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { type AttentionOptions, MultiheadAttention } from "./attention.js";
import { Dropout } from "./dropout.js";
import { rngFor } from "./init.js";
import { Linear } from "./linear.js";
import { LayerNorm } from "./norms.js";

/** (B, T, E) in, the same out; E must be d_model. */
export interface TransformerEncoderLayerFn<E extends number> extends ShapeFn {
  // `infer … extends number`, not `number`: a literal `number` in the pattern defers on generic B and T.
  readonly output: InputShape<this> extends readonly [infer _B extends number, infer _T extends number, infer X]
    ? CheckAgree<"transformerEncoderLayer", "x's last axis and d_model", X, E> extends infer M extends string
      ? M
      : InputShape<this>
    : number extends InputShape<this>["length"]
      ? InputShape<this>
      : BadRank<"transformerEncoderLayer", "x", "(B, T, E) with batch_first", InputShape<this>["length"]>;
}

/** TransformerEncoderLayer's options besides the sizes (as torch.nn.TransformerEncoderLayer's). */
export interface TransformerEncoderLayerOptions<D extends DType> {
  /** Default 2048, as PyTorch. */
  readonly dimFeedforward?: number;
  /** Default 0.1, as PyTorch. */
  readonly dropout?: number;
  /** Default "relu", as PyTorch. */
  readonly activation?: "relu" | "gelu";
  /** Default 1e-5. */
  readonly layerNormEps?: number;
  /** Pre-norm (true) or post-norm (false, PyTorch's default). */
  readonly normFirst?: boolean;
  readonly dtype?: D;
  readonly seed?: number;
}

/**
 * A (B, T, E) → (B, T, E) layer that takes PyTorch's attention masks: `forward`, and `forwardWith` with the masks,
 * typed alike; both run `runWith`. TransformerEncoderLayer and TransformerEncoder are ones.
 */
export abstract class MaskedEncoder<E extends number> extends Layer<TransformerEncoderLayerFn<E>> {
  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    return this.runWith(x, {});
  }

  /** `forward` with PyTorch's `src_mask` / `src_key_padding_mask` (see `AttentionOptions`), its shape typed as `forward`'s. */
  forwardWith<XS extends Shape, XD extends DType>(
    x: Tensor<XS, XD> & ShapeGuard<ApplyShapeFn<TransformerEncoderLayerFn<E>, XS>>,
    masks: Pick<AttentionOptions<XD>, "attnMask" | "keyPaddingMask">,
  ): ShapedResult<ApplyShapeFn<TransformerEncoderLayerFn<E>, XS>, XD> {
    return this.runWith(x as Tensor<Shape, XD>, masks) as ShapedResult<ApplyShapeFn<TransformerEncoderLayerFn<E>, XS>, XD>;
  }

  /** `forwardWith` on a tensor whose shape is checked at run time only. */
  abstract runWith<XD extends DType>(x: Tensor<Shape, XD>, masks: Pick<AttentionOptions<XD>, "attnMask" | "keyPaddingMask">): Tensor<Shape, XD>;
}

/**
 * PyTorch's `nn.TransformerEncoderLayer(dModel, nhead, ..., batch_first=True)` with its child names
 * (`self_attn`, `linear1`, `linear2`, `norm1`, `norm2`). normFirst: x + sa(norm1(x)), then x + ff(norm2(x));
 * otherwise norm1(x + sa(x)), then norm2(x + ff(x)). Masks go through `forwardWith`.
 */
export class TransformerEncoderLayer<E extends number, D extends DType = "float32"> extends MaskedEncoder<E> {
  readonly dModel: E;
  readonly normFirst: boolean;
  readonly activation: "relu" | "gelu";
  readonly selfAttn: MultiheadAttention<E, D>;
  readonly linear1: Linear<E, number, D>;
  readonly dropout: Dropout;
  readonly linear2: Linear<number, E, D>;
  readonly norm1: LayerNorm<[E], D>;
  readonly norm2: LayerNorm<[E], D>;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  /** What the constructor was given, for `clone`. */
  readonly #nhead: number;
  readonly #options: TransformerEncoderLayerOptions<D>;

  constructor(dModel: E, nhead: number, options: TransformerEncoderLayerOptions<D> = {}) {
    super();
    this.#nhead = nhead;
    this.#options = options;
    const dtype = (options.dtype ?? "float32") as D;
    const rng = rngFor(options.seed);
    const seed = (): number => rng.int(2 ** 31);
    const ff = options.dimFeedforward ?? 2048;
    const p = options.dropout ?? 0.1;
    const eps = options.layerNormEps ?? 1e-5;
    this.dModel = dModel;
    this.normFirst = options.normFirst === true;
    this.activation = options.activation ?? "relu";
    this.selfAttn = this.registerModule("self_attn", new MultiheadAttention(dModel, nhead, { dtype, seed: seed() }));
    this.linear1 = this.registerModule("linear1", new Linear(dModel, ff, { dtype, seed: seed() }));
    this.dropout = this.registerModule("dropout", new Dropout(p, { seed: seed() }));
    this.linear2 = this.registerModule("linear2", new Linear(ff, dModel, { dtype, seed: seed() }));
    this.norm1 = this.registerModule("norm1", new LayerNorm<[E], D>([dModel], { dtype, eps }));
    this.norm2 = this.registerModule("norm2", new LayerNorm<[E], D>([dModel], { dtype, eps }));
    this.dropout1 = this.registerModule("dropout1", new Dropout(p, { seed: seed() }));
    this.dropout2 = this.registerModule("dropout2", new Dropout(p, { seed: seed() }));
  }

  /**
   * A new layer with this one's sizes, options, weights and mode (PyTorch's `copy.deepcopy` of a layer, as
   * `nn.TransformerEncoder` makes its stack); its dropouts draw from `seed`.
   */
  clone(seed?: number): TransformerEncoderLayer<E, D> {
    const copy = new TransformerEncoderLayer<E, D>(this.dModel, this.#nhead, { ...this.#options, seed });
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training);
  }

  runWith<XD extends DType>(x: Tensor<Shape, XD>, masks: Pick<AttentionOptions<XD>, "attnMask" | "keyPaddingMask">): Tensor<Shape, XD> {
    const op = "transformerEncoderLayer";
    if (x.shape.length !== 3) throw new ShapeError(badRank(op, "x", "(B, T, E) with batch_first", x.shape.length));
    if (x.shape[2] !== this.dModel) throw new ShapeError(axisMismatch(op, "x's last axis and d_model", x.shape[2]!, this.dModel));
    const sa = (h: Tensor<Shape, XD>): Tensor<Shape, XD> => this.dropout1.run(this.selfAttn.run(h, h, h, { ...masks, needWeights: false })[0]);
    const ff = (h: Tensor<Shape, XD>): Tensor<Shape, XD> => {
      // relu as part of linear1's op: the pre-activation is never stored
      const { weight, bias } = this.linear1;
      const activated =
        this.activation === "gelu" ? gelu(this.linear1.run(h)) : linearRelu(h, weight as Tensor<Shape, DType>, bias as Tensor<Shape, DType> | null);
      return this.dropout2.run(this.linear2.run(this.dropout.run(activated)));
    };
    if (this.normFirst) {
      const h = add(x, sa(this.norm1.run(x))) as Tensor<Shape, XD>;
      return add(h, ff(this.norm2.run(h))) as Tensor<Shape, XD>;
    }
    const h = this.norm1.run(add(x, sa(x)) as Tensor<Shape, XD>);
    return this.norm2.run(add(h, ff(h)) as Tensor<Shape, XD>);
  }
}
