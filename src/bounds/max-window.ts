import type { Pool2dGeometry } from "../kernels/geometry.js";
import type { SelectRelaxation } from "./rule.js";

/**
 * maxPool2d's relaxation from its input's bounds, window by window (padding is −∞, never chosen): y ≥ x[j*] for
 * j* the input with the largest lower bound (the first, as the kernel's argmax); y ≤ x[j*] when l[j*] is at
 * least every other input's upper bound (then y = x[j*]), else y ≤ the largest upper bound.
 */
export function maxWindowRelaxation(g: Pool2dGeometry, l: Float64Array, u: Float64Array): SelectRelaxation {
  const { n, c, inH, inW, outH, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW } = g;
  const size = n * c * outH * outW;
  const lowerIndex = new Int32Array(size);
  const upperIndex = new Int32Array(size);
  const upperConst = new Float64Array(size);
  let o = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * inH * inW;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, o++) {
        let best = -1;
        let maxU = Number.NEGATIVE_INFINITY;
        for (let a = 0; a < kH; a++) {
          const ih = oh * strideH - padH + a * dilH;
          if (ih < 0 || ih >= inH) continue;
          for (let b = 0; b < kW; b++) {
            const iw = ow * strideW - padW + b * dilW;
            if (iw < 0 || iw >= inW) continue;
            const j = base + ih * inW + iw;
            if (best < 0 || l[j]! > l[best]!) best = j;
            maxU = Math.max(maxU, u[j]!);
          }
        }
        let otherU = Number.NEGATIVE_INFINITY;
        for (let a = 0; a < kH; a++) {
          const ih = oh * strideH - padH + a * dilH;
          if (ih < 0 || ih >= inH) continue;
          for (let b = 0; b < kW; b++) {
            const iw = ow * strideW - padW + b * dilW;
            if (iw < 0 || iw >= inW) continue;
            const j = base + ih * inW + iw;
            if (j !== best) otherU = Math.max(otherU, u[j]!);
          }
        }
        lowerIndex[o] = best;
        const dominates = l[best]! >= otherU;
        upperIndex[o] = dominates ? best : -1;
        upperConst[o] = dominates ? 0 : maxU;
      }
    }
  }
  return { lowerIndex, upperIndex, upperConst };
}
