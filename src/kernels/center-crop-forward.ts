import type { FloatArray } from "./geometry.js";

/** A centre crop of every (n, c) plane: rows [top, top + outH), columns [left, left + outW). */
export interface CenterCropGeometry {
  /** n * c: the number of planes. */
  readonly planes: number;
  readonly inH: number;
  readonly inW: number;
  readonly outH: number;
  readonly outW: number;
  readonly top: number;
  readonly left: number;
}

/** y = x[..., top:top + outH, left:left + outW]; `y` is fully overwritten. */
export function centerCropForward(g: CenterCropGeometry, x: FloatArray, y: FloatArray): void {
  const { planes, inH, inW, outH, outW, top, left } = g;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  for (let p = 0; p < planes; p++) {
    for (let r = 0; r < outH; r++) {
      const src = p * inPlane + (top + r) * inW + left;
      y.set(x.subarray(src, src + outW), p * outPlane + r * outW);
    }
  }
}
