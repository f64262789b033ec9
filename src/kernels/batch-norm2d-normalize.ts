import type { BatchNorm2dGeometry } from "./batch-norm2d-stats.js";
import type { FloatArray } from "./geometry.js";

/**
 * y = (x - mean[c]) * invStd[c] * weight[c] + bias[c]: the forward of both modes (training passes the batch's
 * statistics, eval the running ones). `y` is fully overwritten.
 */
export function batchNorm2dNormalize(
  g: BatchNorm2dGeometry,
  x: FloatArray,
  mean: Float64Array,
  invStd: Float64Array,
  weight: FloatArray,
  bias: FloatArray,
  y: FloatArray,
): void {
  const { n, c, plane } = g;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const scale = invStd[ch]! * weight[ch]!;
      const shift = bias[ch]! - mean[ch]! * scale;
      const start = (b * c + ch) * plane;
      const end = start + plane;
      for (let i = start; i < end; i++) y[i] = x[i]! * scale + shift;
    }
  }
}
