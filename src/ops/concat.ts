import type { ConcatShape } from "../../types/ops/concat.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import { concatBackward as splitKernel, concatForward, concatLayout } from "../kernels/concat.js";
import { allocate, Tensor } from "../tensor/tensor.js";
import { axisMismatch, badRank } from "../tensor/messages.js";
import type { OpResult, ShapeGuard } from "./conv2d.js";

export type { ConcatShape };

/**
 * The constraint on concat's parts mentions only the shape: a `dtype` in it would become the contextual type of
 * `zeros([...])` calls written inline and widen their dtype to the union.
 */
interface Shaped {
  readonly shape: Shape;
}
type ShapesOf<Ts extends readonly Shaped[]> = { [K in keyof Ts]: Ts[K]["shape"] };
type DTypeOfFirst<Ts extends readonly Shaped[]> = Ts[0] extends Tensor<Shape, infer D> ? D : DType;

const axisNames: Record<number, readonly string[]> = { 3: ["C", "H", "W"], 4: ["N", "C", "H", "W"] };

function axisLabel(rank: number, axis: number): string {
  const name = axisNames[rank]?.[axis];
  return name === undefined ? `axis ${axis}` : `axis ${axis} (${name})`;
}

/** Checks the parts agree on every axis but `axis` (same sentences as `ConcatShape`) and returns the output shape. */
export function concatShape(op: string, shapes: readonly (readonly number[])[], axis: number): number[] {
  const first = shapes[0];
  if (first === undefined) throw new ShapeError(`${op}: needs at least one tensor`);
  if (!Number.isInteger(axis) || axis < 0 || axis >= first.length) {
    throw new ShapeError(`${op}: axis must be an integer in [0, ${first.length}), got ${axis}`);
  }
  const out = [...first];
  for (let p = 1; p < shapes.length; p++) {
    const s = shapes[p]!;
    if (s.length !== first.length) throw new ShapeError(badRank(op, "every tensor", `rank ${first.length} like the first`, s.length));
    for (let k = 0; k < s.length; k++) {
      if (k === axis) continue;
      if (s[k] !== out[k]) throw new ShapeError(axisMismatch(op, axisLabel(first.length, k), out[k]!, s[k]!));
    }
    out[axis] = out[axis]! + s[axis]!;
  }
  return out;
}

/**
 * torch.cat: joins tensors along `axis` (the channel axis for the U-Net's skip connection).
 * Every other axis must match; the compiler checks it and adds up the joined axis.
 */
export function concat<const Ts extends readonly Shaped[], const A extends number>(
  tensors: Ts & ShapeGuard<ConcatShape<ShapesOf<Ts>, A>>,
  axis: A,
): OpResult<ConcatShape<ShapesOf<Ts>, A>, DTypeOfFirst<Ts>> {
  const parts = tensors as readonly Shaped[] as readonly Tensor<Shape, DType>[];
  if (!parts.every((t) => t instanceof Tensor)) throw new ShapeError("concat: every part must be a Tensor");
  const outShape = concatShape("concat", parts.map((t) => t.shape), axis);
  const dtype = parts[0]!.dtype;
  for (let p = 1; p < parts.length; p++) {
    if (parts[p]!.dtype !== dtype) throw new ShapeError(`concat: every tensor must be ${dtype}, tensor ${p} is ${parts[p]!.dtype}`);
  }
  const layout = concatLayout(parts.map((t) => t.shape), axis);
  const out = allocate(dtype, layout.outer * layout.innerTotal);
  concatForward(parts.map((t) => t.data), layout.outer, layout.inners, out);
  return Tensor.wrap(outShape, dtype, out) as OpResult<ConcatShape<ShapesOf<Ts>, A>, DTypeOfFirst<Ts>>;
}

/** The backward of concat: dy split back into one gradient per input, each with its input's shape. */
export function concatBackward<const Ts extends readonly Tensor<Shape, DType>[], D extends DType>(
  dy: Tensor<Shape, D>,
  inputs: Ts,
  axis: number,
): { [K in keyof Ts]: Tensor<Ts[K]["shape"], D> } {
  const parts = inputs as readonly Tensor<Shape, DType>[];
  const outShape = concatShape("concatBackward", parts.map((t) => t.shape), axis);
  if (outShape.length !== dy.shape.length || outShape.some((d, i) => d !== dy.shape[i])) {
    throw new ShapeError(`concatBackward: dy must have shape [${outShape.join(", ")}], got [${dy.shape.join(", ")}]`);
  }
  const layout = concatLayout(parts.map((t) => t.shape), axis);
  const grads = parts.map((t) => allocate(dy.dtype, t.data.length));
  splitKernel(dy.data, layout.outer, layout.inners, grads);
  return parts.map((t, i) => Tensor.wrap(t.shape, dy.dtype, grads[i]!)) as { [K in keyof Ts]: Tensor<Ts[K]["shape"], D> };
}
