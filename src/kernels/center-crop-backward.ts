import type { CenterCropGeometry } from "./center-crop-forward.js";
import type { FloatArray } from "./geometry.js";

/** The vector-Jacobian product of a centre crop: dy placed back in the middle of zeros. `dx` is fully overwritten. */
export function centerCropBackward(g: CenterCropGeometry, dy: FloatArray, dx: FloatArray): void {
  const { planes, inH, inW, outH, outW, top, left } = g;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  dx.fill(0);
  for (let p = 0; p < planes; p++) {
    for (let r = 0; r < outH; r++) {
      const src = p * outPlane + r * outW;
      dx.set(dy.subarray(src, src + outW), p * inPlane + (top + r) * inW + left);
    }
  }
}
