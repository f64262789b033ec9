import type { DType } from "../../../types/tensor/shape.js";
import type { ArrayFor } from "../../tensor/tensor.js";
import type { ReducePlan } from "./plan.js";

type AnyArray = ArrayFor<DType>;

/**
 * The largest element of the slice at `b` (`xd[b + offsets[r]]`, r < count), NaN if the slice holds one,
 * -Infinity if it is empty: the shift softmax, logSoftmax and logsumexp subtract before exponentiating.
 */
export function sliceMax(xd: AnyArray, b: number, offsets: Uint32Array, count: number): number {
  let m = -Infinity;
  for (let r = 0; r < count; r++) {
    const v = xd[b + offsets[r]!]!;
    if (v > m || v !== v) m = v;
  }
  return m;
}

/** `sum(exp(x - m))` over the slice at `b`, accumulated in float64. */
export function sliceSumExp(xd: AnyArray, b: number, offsets: Uint32Array, count: number, m: number): number {
  let s = 0;
  for (let r = 0; r < count; r++) s += Math.exp(xd[b + offsets[r]!]! - m);
  return s;
}

/** sum's and mean's forward: `y[o]` is slice o's sum (accumulated in float64) divided by `divisor` (1, or the count). */
export function sumSlices(plan: ReducePlan, xd: AnyArray, y: AnyArray, divisor: number): void {
  const { base, offsets, outSize, count } = plan;
  for (let o = 0; o < outSize; o++) {
    const b = base[o]!;
    let s = 0;
    for (let r = 0; r < count; r++) s += xd[b + offsets[r]!]!;
    y[o] = s / divisor;
  }
}

/** sum's and mean's gradient: every element of slice o gets `g[o] / divisor` (gy broadcast back over the reduced axes). */
export function spreadSlices(plan: ReducePlan, g: AnyArray, dx: AnyArray, divisor: number): void {
  const { base, offsets, outSize, count } = plan;
  for (let o = 0; o < outSize; o++) {
    const b = base[o]!;
    const v = g[o]! / divisor;
    for (let r = 0; r < count; r++) dx[b + offsets[r]!] = v;
  }
}
