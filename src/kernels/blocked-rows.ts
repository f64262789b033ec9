import type { FloatArray } from "./geometry.js";

/**
 * Offsets of the rows (of n values, `rows` of them from `start`) whose every value is -Infinity: the queries that may
 * attend to no key, whose softmax PyTorch's `_safe_softmax` sets to 0. The scan stops at each row's first open key,
 * usually its first value. n = 0 has no such row.
 */
export function blockedRows(x: FloatArray, start: number, rows: number, n: number): number[] {
  const blocked: number[] = [];
  if (n === 0) return blocked;
  for (let r = 0, o = start; r < rows; r++, o += n) {
    let j = 0;
    while (j < n && x[o + j] === Number.NEGATIVE_INFINITY) j++;
    if (j === n) blocked.push(o);
  }
  return blocked;
}
