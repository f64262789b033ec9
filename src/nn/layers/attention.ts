import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { add } from "../../ops/elementwise/add.js";
import { mul } from "../../ops/elementwise/mul.js";
import { scaledDotProductAttention } from "../../ops/linalg/attention.js";
import { linear } from "../../ops/linalg/linear.js";
import { packedSelfAttention } from "../../ops/linalg/packed-attention.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { mean } from "../../ops/reduce/mean.js";
import { softmax } from "../../ops/reduce/softmax.js";
import { narrow } from "../../ops/shape/narrow.js";
import { reshape } from "../../ops/shape/reshape.js";
import { transpose } from "../../ops/shape/transpose.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { axisMismatch } from "../../tensor/messages.js";
import { Module } from "../module.js";
import { filledTensor, type ParamOptions, rngFor, uniformTensor } from "./init.js";
import { Linear } from "./linear.js";

type AnyTensor<D extends DType> = Tensor<Shape, D>;

/**
 * An additive causal mask (T, T): 0 where query i may see key j (j ≤ i), -Infinity elsewhere — PyTorch's
 * `nn.Transformer.generate_square_subsequent_mask(T)`.
 */
export function causalMask<const T extends number, D extends DType = "float32">(size: T, dtype?: D): Tensor<[T, T], D> {
  const data = allocate((dtype ?? "float32") as D, size * size);
  for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) data[i * size + j] = Number.NEGATIVE_INFINITY;
  return Tensor.wrap([size, size] as [T, T], (dtype ?? "float32") as D, data);
}

/** Options of one MultiheadAttention call (as the arguments of torch.nn.MultiheadAttention.forward): masks, whether to return the weights. */
export interface AttentionOptions<D extends DType> {
  /**
   * Added to the attention scores before the softmax (PyTorch's float `attn_mask`): (T, S), or (B·heads, T, S).
   * Use -Infinity to forbid a position (`causalMask(T)` for a causal model).
   */
  readonly attnMask?: Tensor<Shape, D> | null;
  /** (B, S): nonzero marks a padded key no query may attend to (PyTorch's boolean `key_padding_mask`). */
  readonly keyPaddingMask?: Tensor<Shape, DType> | null;
  /** Return the attention weights averaged over heads (default true, as PyTorch). */
  readonly needWeights?: boolean;
}

export interface MultiheadAttentionOptions<D extends DType> extends ParamOptions<D> {
  /** Learn in- and out-projection biases (default true). */
  readonly bias?: boolean;
}

/**
 * PyTorch's `nn.MultiheadAttention(embedDim, numHeads, batch_first=True)` without dropout: query (B, T, E),
 * key and value (B, S, E); the packed `in_proj_weight` (3E, E) = [Wq; Wk; Wv] and `in_proj_bias` (3E), then
 * `out_proj`. Heads are contiguous E/heads slices; scores are scaled by 1/√(E/heads). PyTorch's init: Xavier
 * uniform in-projection, zero biases. Built from the tape's ops, so its gradients are automatic.
 */
export class MultiheadAttention<E extends number, D extends DType = "float32"> extends Module {
  readonly embedDim: E;
  readonly numHeads: number;
  readonly inProjWeight: Tensor<[number, E], D>;
  readonly inProjBias: Tensor<[number], D> | null;
  readonly outProj: Linear<E, E, D>;

  constructor(embedDim: E, numHeads: number, options: MultiheadAttentionOptions<D> = {}) {
    super();
    if (!Number.isSafeInteger(numHeads) || numHeads <= 0 || embedDim % numHeads !== 0) {
      throw new ShapeError(`MultiheadAttention: embed_dim must be divisible by num_heads, got ${embedDim} and ${numHeads}`);
    }
    const dtype = (options.dtype ?? "float32") as D;
    const rng = rngFor(options.seed);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    // xavier_uniform_ on (3E, E): bound √(6 / (fanIn + fanOut)) = √(6 / 4E).
    this.inProjWeight = this.registerParameter(
      "in_proj_weight",
      uniformTensor([3 * embedDim, embedDim] as [number, E], Math.sqrt(6 / (4 * embedDim)), dtype, rng),
    );
    this.inProjBias = options.bias === false ? null : this.registerParameter("in_proj_bias", filledTensor([3 * embedDim] as [number], 0, dtype));
    this.outProj = this.registerModule("out_proj", new Linear(embedDim, embedDim, { dtype, bias: options.bias !== false, seed: rng.int(2 ** 31) }));
    if (this.outProj.bias !== null) this.outProj.bias.data.fill(0);
  }

  /** PyTorch's `mha(query, key, value, ...)`: the output (B, T, E) and the head-averaged weights (B, T, S) or null. */
  forward<B extends number, T extends number, S extends number, XD extends DType>(
    query: Tensor<[B, T, E], XD>,
    key: Tensor<[B, S, E], XD>,
    value: Tensor<[B, S, E], XD>,
    options: AttentionOptions<XD> = {},
  ): [output: Tensor<[B, T, E], XD>, weights: Tensor<[B, T, S], XD> | null] {
    const [output, weights] = this.run(query, key, value, options);
    return [output as Tensor<[B, T, E], XD>, weights as Tensor<[B, T, S], XD> | null];
  }

  /** The forward on tensors whose shapes are checked at run time. */
  run<XD extends DType>(
    query: AnyTensor<XD>,
    key: AnyTensor<XD>,
    value: AnyTensor<XD>,
    options: AttentionOptions<XD> = {},
  ): [AnyTensor<XD>, AnyTensor<XD> | null] {
    const op = "MultiheadAttention";
    const e: number = this.embedDim;
    for (const [name, t] of [
      ["query", query],
      ["key", key],
      ["value", value],
    ] as const) {
      if (t.shape.length !== 3) throw new ShapeError(`${op}: ${name} must be (B, L, E) with batch_first, got rank ${t.shape.length}`);
      if (t.shape[2] !== e) throw new ShapeError(axisMismatch(op, `${name}'s last axis and embed_dim`, t.shape[2]!, e));
    }
    const [b, tq] = query.shape as [number, number, number];
    const s = key.shape[1]!;
    if (key.shape[0] !== b || value.shape[0] !== b) throw new ShapeError(axisMismatch(op, "key's batch axis and query's", key.shape[0]!, b));
    if (value.shape[1] !== s) throw new ShapeError(axisMismatch(op, "value's length axis and key's", value.shape[1]!, s));
    const h = this.numHeads;
    const hd = e / h;
    const w = this.inProjWeight as Tensor<Shape, DType> as AnyTensor<XD>;
    const bias = this.inProjBias as Tensor<Shape, DType> | null as AnyTensor<XD> | null;
    const project = (x: AnyTensor<XD>, part: number, len: number): AnyTensor<XD> => {
      const wPart = narrow(w, 0, part * e, e);
      const bPart = bias === null ? null : narrow(bias, 0, part * e, e);
      // (B, L, E) → (B, L, heads, hd) → (B, heads, L, hd)
      return transpose(reshape(linear(x, wPart, bPart), [b, len, h, hd]), 1, 2) as AnyTensor<XD>;
    };
    const mask = attentionMask(options, b, h, tq, s, query.dtype);
    if (options.needWeights === false && query === key && key === value) {
      // Self-attention without the weights: one product for q, k and v (B, T, 3E), heads read where they lie.
      const qkv = linear(query, w, bias) as AnyTensor<XD>;
      return [this.outProj.run(packedSelfAttention(qkv, h, mask, 1 / Math.sqrt(hd))), null];
    }
    const q = project(query, 0, tq);
    const k = project(key, 1, s);
    const v = project(value, 2, s);
    let context: AnyTensor<XD>; // (B, heads, T, hd)
    let attn: AnyTensor<XD> | null = null;
    if (options.needWeights === false) {
      context = scaledDotProductAttention(q, k, v, { attnMask: mask }) as AnyTensor<XD>;
    } else {
      // The weights are an output: the same products written out, with the 1/sqrt(hd) scale on q (B, heads, T,
      // hd) rather than on the scores (B, heads, T, S), as PyTorch's multi_head_attention_forward does.
      const scores = matmul(mul(q, 1 / Math.sqrt(hd)) as AnyTensor<XD>, transpose(k, -2, -1) as AnyTensor<XD>) as AnyTensor<XD>;
      attn = softmax(mask === null ? scores : (add(scores, mask) as AnyTensor<XD>), -1) as AnyTensor<XD>;
      context = matmul(attn, v) as AnyTensor<XD>;
    }
    const merged = reshape(transpose(context, 1, 2), [b, tq, e]) as AnyTensor<XD>; // (B, T, E)
    const output = this.outProj.run(merged);
    const weights = attn === null ? null : (mean(attn, { dim: 1 }) as AnyTensor<XD>);
    return [output, weights];
  }
}

/**
 * The additive mask of the scores (B, heads, T, S), broadcastable: attn_mask (T, S) or (B·heads, T, S) plus the
 * key padding mask's -Infinity; null when there is neither.
 */
function attentionMask<D extends DType>(options: AttentionOptions<D>, b: number, h: number, t: number, s: number, dtype: D): AnyTensor<D> | null {
  const given = options.attnMask ?? null;
  // PyTorch's 2-D and 3-D shapes exactly: a mask that merely broadcasts (a causalMask of another length) is a
  // mistake. A 4-D mask broadcasts against the scores (B, heads, T, S).
  const want = given?.shape.length === 3 ? [b * h, t, s] : [t, s];
  if (given !== null && given.shape.length < 4 && (given.shape.length !== want.length || want.some((n, i) => given.shape[i] !== n))) {
    throw new ShapeError(
      `MultiheadAttention: attnMask must be (T, S) = [${t}, ${s}] or (B·heads, T, S) = [${b * h}, ${t}, ${s}], got [${given.shape.join(", ")}]`,
    );
  }
  const mask = given === null ? null : given.shape.length === 3 ? (reshape(given, [b, h, t, s]) as AnyTensor<D>) : given;
  const padding = options.keyPaddingMask ?? null;
  if (padding === null) return mask;
  const bias = paddingBias(padding, b, s, dtype);
  return mask === null ? bias : (add(mask, bias) as AnyTensor<D>);
}

/** key_padding_mask (B, S), nonzero = padded, as an additive (B, 1, 1, S) bias of 0 / -Infinity. */
function paddingBias<D extends DType>(mask: Tensor<Shape, DType>, b: number, s: number, dtype: D): Tensor<Shape, D> {
  if (mask.shape.length !== 2 || mask.shape[0] !== b || mask.shape[1] !== s) {
    throw new ShapeError(`MultiheadAttention: keyPaddingMask must be (B, S) = [${b}, ${s}], got [${mask.shape.join(", ")}]`);
  }
  const data = allocate(dtype, b * s);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] !== 0 ? Number.NEGATIVE_INFINITY : 0;
  return Tensor.wrap([b, 1, 1, s], dtype, data);
}
