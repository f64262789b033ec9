import type { FloatArray } from "./geometry.js";

/** x is (n, c, plane) row-major, plane = H * W; statistics are per channel over n and plane. */
export interface BatchNorm2dGeometry {
  readonly n: number;
  readonly c: number;
  readonly plane: number;
}

/**
 * Per-channel mean and biased variance (divided by n * plane), in two passes for accuracy, accumulated in
 * float64 whatever the input's type. `mean` and `variance` (length c) are fully overwritten.
 */
export function batchNorm2dStats(g: BatchNorm2dGeometry, x: FloatArray, mean: Float64Array, variance: Float64Array): void {
  const { n, c, plane } = g;
  const count = n * plane;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let b = 0; b < n; b++) {
      const start = (b * c + ch) * plane;
      const end = start + plane;
      for (let i = start; i < end; i++) sum += x[i]!;
    }
    const m = sum / count;
    let sq = 0;
    for (let b = 0; b < n; b++) {
      const start = (b * c + ch) * plane;
      const end = start + plane;
      for (let i = start; i < end; i++) {
        const d = x[i]! - m;
        sq += d * d;
      }
    }
    mean[ch] = m;
    variance[ch] = sq / count;
  }
}
