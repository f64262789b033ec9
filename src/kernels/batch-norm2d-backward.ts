import type { BatchNorm2dGeometry } from "./batch-norm2d-stats.js";
import type { FloatArray } from "./geometry.js";

/**
 * Vector-Jacobian products of batch norm for upstream dy, with x̂ = (x - mean) * invStd:
 * dBias = Σ dy, dWeight = Σ dy·x̂ (sums over n and plane);
 * training (mean and invStd came from this batch): dx = weight·invStd·(dy - dBias/M - x̂·dWeight/M), M = n·plane;
 * eval (running statistics are constants): dx = weight·invStd·dy.
 * dx, dWeight, dBias are fully overwritten.
 */
export function batchNorm2dBackward(
  g: BatchNorm2dGeometry,
  x: FloatArray,
  dy: FloatArray,
  mean: Float64Array,
  invStd: Float64Array,
  weight: FloatArray,
  training: boolean,
  dx: FloatArray,
  dWeight: FloatArray,
  dBias: FloatArray,
): void {
  const { n, c, plane } = g;
  const count = n * plane;
  for (let ch = 0; ch < c; ch++) {
    const m = mean[ch]!;
    const s = invStd[ch]!;
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let b = 0; b < n; b++) {
      const start = (b * c + ch) * plane;
      const end = start + plane;
      for (let i = start; i < end; i++) {
        const d = dy[i]!;
        sumDy += d;
        sumDyXhat += d * (x[i]! - m) * s;
      }
    }
    dBias[ch] = sumDy;
    dWeight[ch] = sumDyXhat;
    const k = weight[ch]! * s;
    const meanDy = training ? sumDy / count : 0;
    const meanDyXhat = training ? sumDyXhat / count : 0;
    for (let b = 0; b < n; b++) {
      const start = (b * c + ch) * plane;
      const end = start + plane;
      for (let i = start; i < end; i++) dx[i] = k * (dy[i]! - meanDy - (x[i]! - m) * s * meanDyXhat);
    }
  }
}
