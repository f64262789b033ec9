import type { ShapedResult, ShapeGuard } from "./result.js";
import type { OrMessage } from "../../types/ops/common.js";
import type { ConcatDTypeCheck, ConcatShape } from "../../types/ops/concat.js";
import type { CatDimCheck } from "../../types/ops/shape/cat.js";
import type { FirstMessage } from "../../types/ops/first-message.js";
import type { GradCheck } from "../../types/ops/grad-check.js";
import type { DTypeCheck } from "../../types/ops/dtype-check.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { normalizeAxis } from "../shape/axis.js";
import { ShapeError } from "../errors.js";
import { type ConcatLayout, concatBackward as splitKernel, concatForward, concatLayout } from "../kernels/concat.js";
import { record } from "../autograd/graph.js";
import { affineBound } from "../bounds/rule.js";
import { allocate, kernelData, Tensor } from "../tensor/tensor.js";
import { currentBackend } from "../backend.js";
import { opOutput } from "./output.js";
import { axisMismatch, badRank } from "../tensor/messages.js";
import { axisLabel } from "../tensor/shapes-agree.js";
import { requireDType } from "./dtype.js";
import { requireGradShape } from "./grad-shape.js";
import { outputTooLarge } from "../messages/shape.js";
import { noTensors } from "./messages.js";

export type { ConcatDTypeCheck, ConcatShape };

/**
 * The constraint on concat's parts mentions only the shape: a `dtype` in it would become the contextual type of
 * `zeros([...])` calls written inline and widen their dtype to the union.
 */
export interface Shaped {
  readonly shape: Shape;
}
export type ShapesOf<Ts extends readonly Shaped[]> = { [K in keyof Ts]: Ts[K]["shape"] };
/** Matches on `dtype` alone: matching `Tensor<Shape, infer D>` would stay deferred on a generic shape like [3, H, H]. */
export type DTypeOfFirst<Ts extends readonly Shaped[]> = Ts[0] extends { readonly dtype: infer D extends DType } ? D : DType;
/** The check reported at the parts: (when the axis is in range, which is reported at the axis) the shapes, then the dtypes. */
type PartsGuard<Ts extends readonly Shaped[], A extends number, Op extends string> =
  CatDimCheck<ShapesOf<Ts>, A, Op> extends true ? FirstMessage<[ShapeGuard<ConcatShape<ShapesOf<Ts>, A, Op>>, ConcatDTypeCheck<Ts, Op>]> : unknown;

export { normalizeAxis };

/**
 * Checks the parts agree on every axis but `axis` (same sentences, same order as `ConcatShape`) and returns
 * the output shape and the axis counted from the front.
 */
export function concatShape(op: string, shapes: readonly (readonly number[])[], axis: number): { shape: number[]; axis: number } {
  const first = shapes[0];
  if (first === undefined) throw new ShapeError(noTensors(op));
  const k = normalizeAxis(op, axis, first.length);
  const out = [...first];
  for (let p = 1; p < shapes.length; p++) {
    const s = shapes[p]!;
    if (s.length !== first.length) throw new ShapeError(badRank(op, "every tensor", `rank ${first.length} like the first`, s.length));
    for (let j = 0; j < s.length; j++) {
      if (j === k) continue;
      if (s[j] !== out[j]) throw new ShapeError(axisMismatch(op, axisLabel(first.length, j), out[j]!, s[j]!));
    }
    const sum = out[k]! + s[k]!;
    if (sum > Number.MAX_SAFE_INTEGER) throw new ShapeError(outputTooLarge(op, `${k}`, BigInt(out[k]!) + BigInt(s[k]!)));
    out[k] = sum;
  }
  return { shape: out, axis: k };
}

function tensorsOf(op: string, parts: readonly Shaped[]): readonly Tensor<Shape, DType>[] {
  if (!Array.isArray(parts) || !parts.every((t) => t instanceof Tensor)) throw new ShapeError(`${op}: every part must be a Tensor`);
  return parts as readonly Tensor<Shape, DType>[];
}

function requireSameDTypes(op: string, parts: readonly Tensor<Shape, DType>[]): void {
  for (let p = 1; p < parts.length; p++) requireDType(op, `tensor ${p}`, "tensor 0", parts[0]!.dtype, parts[p]!.dtype);
}

/**
 * Joins `parts` along `axis` under op name `op` (concat, cat): the checks in `ConcatShape`'s order, the copy, and
 * the tape record, whose VJP splits gy back into one gradient per part (`concatBackward`'s kernel).
 */
export function joinAlong(op: string, tensors: readonly Shaped[], axis: number): Tensor<Shape, DType> {
  const parts = tensorsOf(op, tensors);
  const { shape, axis: k } = concatShape(
    op,
    parts.map((t) => t.shape),
    axis,
  );
  requireSameDTypes(op, parts);
  const dtype = parts[0]!.dtype;
  const layout = concatLayout(
    parts.map((t) => t.shape),
    k,
  );
  // every element is copied from a part: the result may stay in the backend's memory, read from there
  const heap = currentBackend().residentHeap;
  const out = opOutput(dtype, layout.outer * layout.innerTotal, heap, op);
  concatForward(
    parts.map((t) => kernelData(t, heap)),
    layout.outer,
    layout.inners,
    out.array,
  );
  const y = out.tensor(shape);
  const shapes = parts.map((t) => t.shape);
  return record(
    op,
    y,
    parts,
    (gy) => splitGradient(gy, shapes, layout),
    () =>
      affineBound({
        apply: (args) => joinAlong(op, args as unknown as Shaped[], axis),
        rounding: 0,
        // K rows of the output are K·outer blocks: each part's slice of every block
        transposeExact: (rows, k, outs) => splitKernel(rows, k * layout.outer, layout.inners, outs),
        // along the channels of (1, C, H, W) parts: each part's channels over the same window
        transposeExactWindow: (w) =>
          k === 1 && shapes.every((s) => s.length === 4 && s[0] === 1)
            ? (rows, r, outs) =>
                splitKernel(
                  rows,
                  r,
                  shapes.map((s) => s[1]! * (w.h1 - w.h0) * (w.w1 - w.w0)),
                  outs,
                )
            : null,
      }),
  );
}

/**
 * torch.cat: joins tensors along `axis` (the channel axis for the U-Net's skip connection); a negative axis
 * counts from the end. Every other axis must match and every part have the first's dtype; the compiler checks
 * both and adds up the joined axis. Recorded on the tape: each part's gradient is its slice of gy.
 */
export function concat<const Ts extends readonly Shaped[], const A extends number>(
  tensors: Ts & PartsGuard<Ts, A, "concat">,
  axis: OrMessage<A, CatDimCheck<ShapesOf<Ts>, A, "concat">>,
): ShapedResult<ConcatShape<ShapesOf<Ts>, A>, DTypeOfFirst<Ts>> {
  return joinAlong("concat", tensors, axis as number) as unknown as ShapedResult<ConcatShape<ShapesOf<Ts>, A>, DTypeOfFirst<Ts>>;
}

/**
 * The backward of concat: dy split back into one gradient per input, each with its input's shape; views of dy
 * when each part is one contiguous run of it (a batch of one along the channels), as torch.split's are.
 */
export function concatBackward<const Ts extends readonly Tensor<Shape, DType>[], const A extends number, DS extends Shape, D extends DType>(
  dy: Tensor<DS, D> &
    FirstMessage<
      [
        GradCheck<"concatBackward", ConcatShape<ShapesOf<Ts>, A, "concatBackward">, DS>,
        DTypeCheck<"concatBackward", "dy", "tensor 0", DTypeOfFirst<Ts>, D>,
      ]
    >,
  inputs: Ts & PartsGuard<Ts, A, "concatBackward">,
  axis: OrMessage<A, CatDimCheck<ShapesOf<Ts>, A, "concatBackward">>,
): { [K in keyof Ts]: Tensor<Ts[K]["shape"], D> } {
  const parts = tensorsOf("concatBackward", inputs);
  const { shape, axis: k } = concatShape(
    "concatBackward",
    parts.map((t) => t.shape),
    axis,
  );
  requireSameDTypes("concatBackward", parts);
  requireGradShape("concatBackward", shape, dy.shape);
  requireDType("concatBackward", "dy", "tensor 0", parts[0]!.dtype, dy.dtype);
  const layout = concatLayout(
    parts.map((t) => t.shape),
    k,
  );
  return splitGradient(
    dy,
    parts.map((t) => t.shape),
    layout,
  ) as { [K in keyof Ts]: Tensor<Ts[K]["shape"], D> };
}

/**
 * dy split back into one gradient per part. When every part is one contiguous run of dy (nothing before the axis
 * but size-1 axes: a batch of one along the channels), the gradients are views of dy, as torch.split's are, and
 * nothing is copied; otherwise each is a fresh array.
 */
function splitGradient(dy: Tensor<Shape, DType>, shapes: readonly (readonly number[])[], layout: ConcatLayout): Tensor<Shape, DType>[] {
  if (dy.isResident) {
    // dy lives in the backend's memory, where no tensor may view another's block: each part copied there
    const heap = currentBackend().residentHeap;
    const grads = shapes.map((_, i) => opOutput(dy.dtype, layout.inners[i]! * layout.outer, heap));
    splitKernel(
      kernelData(dy, heap),
      layout.outer,
      layout.inners,
      grads.map((g) => g.array),
    );
    return grads.map((g, i) => g.tensor([...shapes[i]!]));
  }
  const data = dy.data;
  if (layout.outer === 1) {
    let at = 0;
    return shapes.map((s, i) => {
      const view = data.subarray(at, at + layout.inners[i]!);
      at += layout.inners[i]!;
      return Tensor.wrap([...s], dy.dtype, view);
    });
  }
  const grads = shapes.map((_, i) => allocate(dy.dtype, layout.inners[i]! * layout.outer));
  splitKernel(data, layout.outer, layout.inners, grads);
  return grads.map((g, i) => Tensor.wrap([...shapes[i]!], dy.dtype, g));
}
