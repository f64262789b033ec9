import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound } from "../../bounds/rule.js";
import { ShapeError } from "../../errors.js";
import { normalizeAxis } from "../../shape/axis.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { newAxisOutOfRange } from "./messages.js";

export type AnyTensor = Tensor<Shape, DType>;

export { requireTensor } from "../tensor-arg.js";

/** Runtime twin of NormalizeNewAxis: an axis to insert, in [-rank - 1, rank], counted from the front. */
export function normalizeNewAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank - 1 || axis > rank) throw new ShapeError(newAxisOutOfRange(op, axis, rank, `-${rank + 1}`, rank));
  return axis < 0 ? axis + rank + 1 : axis;
}

/** normalizeAxis with PyTorch's wrapping of a 0-d tensor's axis as if it had rank 1. */
export function normalizeWrappedAxis(op: string, axis: number, rank: number): number {
  return normalizeAxis(op, axis, rank === 0 ? 1 : rank);
}

/** Product of sizes. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** The sizes before axis k (outer) and after it (inner): a row-major tensor is `outer` blocks of size[k]·inner. */
export function aroundAxis(shape: readonly number[], k: number): { readonly outer: number; readonly inner: number } {
  let outer = 1;
  for (let j = 0; j < k; j++) outer *= shape[j]!;
  let inner = 1;
  for (let j = k + 1; j < shape.length; j++) inner *= shape[j]!;
  return { outer, inner };
}

/**
 * x's data under another shape of the same size, sharing the buffer (a PyTorch view of a contiguous tensor;
 * tensors are not written after they are made). Its VJP gives gy back under x's shape, again without copying.
 */
export function viewAs<R extends AnyTensor>(op: string, x: AnyTensor, shape: readonly number[]): R {
  const xShape = x.shape;
  const y = Tensor.wrap([...shape], x.dtype, x.data);
  return record(
    op,
    y,
    [x],
    (gy) => [Tensor.wrap(xShape, gy.dtype, gy.data)],
    () => affineBound({ apply: ([v]) => viewAs(op, v!, shape), rounding: 0, transposeExact: (rows, _k, [out]) => out!.set(rows) }),
  ) as AnyTensor as R;
}

/**
 * out = x with its axes reordered: output axis i is input axis perm[i]. An odometer over the output, row-major,
 * walks the input with the permuted strides; the last output axis is the inner loop. Index state is allocated
 * once per call.
 */
export function permuteData<D extends DType>(x: Tensor<Shape, D>, perm: readonly number[]): Tensor<number[], D> {
  const shape = x.shape;
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const out = allocate(x.dtype, x.data.length);
  const src = x.data;
  if (out.length === 0) return Tensor.wrap(outShape, x.dtype, out);
  if (rank === 0) {
    out[0] = src[0]!;
    return Tensor.wrap(outShape, x.dtype, out);
  }
  const inStrides = new Array<number>(rank);
  let stride = 1;
  for (let k = rank - 1; k >= 0; k--) {
    inStrides[k] = stride;
    stride *= shape[k]!;
  }
  const steps = new Float64Array(rank); // input stride of each output axis
  const sizes = new Float64Array(rank);
  for (let i = 0; i < rank; i++) {
    steps[i] = inStrides[perm[i]!]!;
    sizes[i] = outShape[i]!;
  }
  const counter = new Int32Array(rank);
  const last = rank - 1;
  const innerSize = sizes[last]!;
  const innerStep = steps[last]!;
  let base = 0; // input offset of the current output row's first element
  let dst = 0;
  const total = out.length;
  while (dst < total) {
    let s = base;
    for (let j = 0; j < innerSize; j++) {
      out[dst++] = src[s]!;
      s += innerStep;
    }
    // advance the odometer over the outer output axes
    let axis = last - 1;
    while (axis >= 0) {
      counter[axis]!++;
      base += steps[axis]!;
      if (counter[axis]! < sizes[axis]!) break;
      base -= steps[axis]! * sizes[axis]!;
      counter[axis] = 0;
      axis--;
    }
  }
  return Tensor.wrap(outShape, x.dtype, out);
}

/** The inverse permutation: inv[perm[i]] = i. */
export function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  for (let i = 0; i < perm.length; i++) inv[perm[i]!] = i;
  return inv;
}
