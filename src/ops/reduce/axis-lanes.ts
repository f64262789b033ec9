import { normalizeAxis } from "../../shape/axis.js";

/**
 * A tensor seen along one axis (softmax, logSoftmax): `lanes` 1-d lanes of `count` elements each, lane `l`
 * starting at `laneStart(l)` and stepping by `step` (the product of the axes after `dim`; 1 for the last axis, so
 * the common case walks contiguous memory). Computed once per call; no index tables.
 */
export interface AxisLanes {
  readonly lanes: number;
  readonly count: number;
  readonly step: number;
}

/** The lanes of `shape` along `dim` (negative counting from the end, checked as PyTorch's dim wrapping). */
export function axisLanes(op: string, shape: readonly number[], dim: number): AxisLanes {
  if (typeof dim !== "number") throw new TypeError(`${op}: dim must be a number, got ${typeof dim}`);
  const rank = shape.length;
  // A 0-d tensor is one lane of one element (PyTorch accepts dim 0 and -1 there).
  const axis = normalizeAxis(op, dim, Math.max(rank, 1));
  let total = 1;
  for (const d of shape) total *= d;
  const count = rank === 0 ? 1 : shape[axis]!;
  let step = 1;
  for (let a = axis + 1; a < rank; a++) step *= shape[a]!;
  return { lanes: count === 0 ? 0 : total / count, count, step };
}

/** Offset of lane `l`'s first element. */
export function laneStart(l: number, count: number, step: number): number {
  if (step === 1) return l * count;
  const outer = Math.floor(l / step);
  return outer * count * step + (l - outer * step);
}

/**
 * The largest element of the lane `xd[b], xd[b + step], ...` before `end`: NaN if the lane holds one, -Infinity if
 * it is empty (the shift softmax and logSoftmax subtract before exponentiating).
 */
export function laneMax(xd: Float32Array | Float64Array, b: number, end: number, step: number): number {
  let m = -Infinity;
  for (let i = b; i < end; i += step) {
    const v = xd[i]!;
    if (v > m || v !== v) m = v;
  }
  return m;
}
