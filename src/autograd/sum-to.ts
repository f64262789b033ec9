import type { DType, Shape } from "../../types/tensor/shape.js";
import { addRows } from "../kernels/sum-rows.js";
import { allocate, Tensor } from "../tensor/tensor.js";

type AnyTensor = Tensor<Shape, DType>;

/**
 * Whether a gradient of shape `from` sums to `to` (PyTorch's `is_expandable_to(to, from)`): `to` has at most
 * `from`'s rank and each of its axes, aligned from the right, equals `from`'s or is 1.
 */
export function sumsTo(from: readonly number[], to: readonly number[]): boolean {
  if (to.length > from.length) return false;
  const lead = from.length - to.length;
  for (let k = 0; k < to.length; k++) if (to[k] !== 1 && to[k] !== from[lead + k]) return false;
  return true;
}

/**
 * `g` summed over its broadcast axes down to `to` (PyTorch's `sum_to`): the extra leading axes, and every axis
 * where `to` is 1. Callers check `sumsTo` first. One pass over `g` with an odometer; no per-element allocation.
 */
export function sumTo(g: AnyTensor, to: readonly number[]): AnyTensor {
  const from = g.shape;
  if (from.length === to.length && from.every((d, k) => d === to[k])) return g;
  const out = allocate(
    g.dtype,
    to.reduce((a, b) => a * b, 1),
  );
  const rank = from.length;
  const lead = rank - to.length;
  // Stride of each axis of `from` in `out`: 0 where the axis is summed away.
  const outStride = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = to.length - 1; k >= 0; k--) {
    if (to[k] !== 1) outStride[lead + k] = stride;
    stride *= to[k]!;
  }
  const gd = g.data;
  const n = gd.length;
  const size = out.length;
  if (size > 0 && n > 0 && sumsLeadingOnly(from, to)) {
    // The common case (a bias's gradient): rows of `size` summed column by column, in float64.
    const acc = new Float64Array(size);
    addRows(gd, 0, n / size, size, acc);
    out.set(acc);
    return Tensor.wrap([...to], g.dtype, out);
  }
  if (rank === 0 || n === 0) {
    if (n > 0) out[0] = gd[0]!;
    return Tensor.wrap([...to], g.dtype, out);
  }
  const inner = from[rank - 1]!;
  const innerStride = outStride[rank - 1]!;
  const index = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < n; i += inner) {
    if (innerStride === 0) {
      let s = 0;
      for (let j = 0; j < inner; j++) s += gd[i + j]!;
      out[o] = out[o]! + s;
    } else {
      for (let j = 0; j < inner; j++) out[o + j * innerStride] = out[o + j * innerStride]! + gd[i + j]!;
    }
    // Advance the odometer over the outer axes, keeping `o` the output offset of the row's start.
    for (let k = rank - 2; k >= 0; k--) {
      index[k]!++;
      o += outStride[k]!;
      if (index[k]! < from[k]!) break;
      o -= outStride[k]! * from[k]!;
      index[k] = 0;
    }
  }
  return Tensor.wrap([...to], g.dtype, out);
}

/** Whether summing `from` to `to` only removes (or sums to 1) leading axes: `to`'s non-1 axes are `from`'s trailing axes, whole. */
function sumsLeadingOnly(from: readonly number[], to: readonly number[]): boolean {
  const lead = from.length - to.length;
  let k = 0;
  while (k < to.length && to[k] === 1) k++;
  for (let j = k; j < to.length; j++) if (to[j] !== from[lead + j] || to[j] === 1) return false;
  return true;
}
