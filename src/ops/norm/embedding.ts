import type { EmbeddingOptionNames, EmbeddingOptions, EmbeddingShape, PaddingIdxCheck } from "../../../types/ops/norm/embedding.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { OpenOptions, OptionKeysCheck } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { ShapeError } from "../../errors.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { badRank } from "../../tensor/messages.js";
import { requireKnownOptions } from "../options.js";
import type { ShapedResult, ShapeGuard } from "../result.js";
import { indexOutOfRange, notWhole } from "./messages.js";

export type { EmbeddingOptionNames, EmbeddingOptions, EmbeddingShape };

export const embeddingOptionNames: EmbeddingOptionNames = ["paddingIdx"];

const op = "embedding";

/** The options' keys, then paddingIdx against V (once weight's rank is right). */
type EmbeddingOptionsGuard<WS extends Shape, IS extends Shape, O> = FirstMessage<
  [OptionKeysCheck<"embedding", O, EmbeddingOptionNames>, EmbeddingShape<WS, IS> extends string ? true : PaddingIdxCheck<WS, O>]
>;

/** paddingIdx in [-V, V) as a row number (negative counts from the end), or -1 for none; else the op's ShapeError. */
export function paddingRow(paddingIdx: number | null | undefined, v: number): number {
  if (paddingIdx === null || paddingIdx === undefined) return -1;
  if (!Number.isInteger(paddingIdx)) throw new ShapeError(notWhole(op, "paddingIdx", paddingIdx));
  if (paddingIdx < -v || paddingIdx >= v) throw new ShapeError(indexOutOfRange(op, "paddingIdx", paddingIdx, v));
  return paddingIdx < 0 ? paddingIdx + v : paddingIdx;
}

/**
 * A lookup table as torch.nn.functional.embedding: row `indices[i]` of weight (V, D) for every element of
 * `indices` (any shape S, whole numbers stored as floats, in [0, V)), giving [...S, D]. An index out of range
 * throws naming it and V. The gradient scatter-adds gy's rows into weight (repeated indices accumulate) except
 * into the `paddingIdx` row, which is read as stored but gets none; indices get no gradient.
 */
export function embedding<WS extends Shape, D extends DType, IS extends Shape, ID extends DType, const O extends OpenOptions<EmbeddingOptions> = {}>(
  weight: Tensor<WS, D> & ShapeGuard<EmbeddingShape<WS, IS>>,
  indices: Tensor<IS, ID>,
  options?: O & EmbeddingOptionsGuard<WS, IS, O>,
): ShapedResult<EmbeddingShape<WS, IS>, D> {
  const wShape: readonly number[] = weight.shape;
  if (wShape.length !== 2) throw new ShapeError(badRank(op, "weight", "(V, D)", wShape.length));
  requireKnownOptions(op, options, embeddingOptionNames);
  const v = wShape[0]!;
  const dim = wShape[1]!;
  const pad = paddingRow((options as EmbeddingOptions | undefined)?.paddingIdx, v);
  const count = indices.size;
  const rows = new Int32Array(count);
  const id = indices.data;
  for (let i = 0; i < count; i++) {
    const index = id[i]!;
    if (!Number.isInteger(index)) throw new ShapeError(notWhole(op, "index", index));
    if (index < 0 || index >= v) throw new ShapeError(indexOutOfRange(op, "index", index, v));
    rows[i] = index;
  }
  const wd = weight.data;
  const y = allocate(weight.dtype, count * dim, op);
  for (let i = 0; i < count; i++) {
    const from = rows[i]! * dim;
    const to = i * dim;
    for (let j = 0; j < dim; j++) y[to + j] = wd[from + j]!;
  }
  const out = Tensor.wrap([...indices.shape, dim], weight.dtype, y);
  const dtype = weight.dtype;
  record(op, out, [weight], (gy) => {
    const dw = allocate(dtype, v * dim);
    const g = gy.data;
    for (let i = 0; i < count; i++) {
      const row = rows[i]!;
      if (row === pad) continue;
      const to = row * dim;
      const from = i * dim;
      for (let j = 0; j < dim; j++) dw[to + j]! += g[from + j]!;
    }
    return [Tensor.wrap(wShape, dtype, dw)];
  });
  return out as Tensor<Shape, D> as ShapedResult<EmbeddingShape<WS, IS>, D>;
}
