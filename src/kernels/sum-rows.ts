import type { FloatArray } from "./geometry.js";

/**
 * acc[j] += the sum over `rows` rows of g[at + r·size + j], in float64, four rows per pass over acc (a quarter of
 * the accumulator loads and stores). One summation order, so a bias's gradient is the same to the bit wherever its
 * rows lie (a tensor's data, or WebAssembly memory).
 */
export function addRows(g: FloatArray, at: number, rows: number, size: number, acc: Float64Array): void {
  let o = at;
  let r = 0;
  for (; r + 4 <= rows; r += 4, o += 4 * size) {
    for (let j = 0; j < size; j++) acc[j] = acc[j]! + (g[o + j]! + g[o + size + j]! + (g[o + 2 * size + j]! + g[o + 3 * size + j]!));
  }
  for (; r < rows; r++, o += size) for (let j = 0; j < size; j++) acc[j] = acc[j]! + g[o + j]!;
}
