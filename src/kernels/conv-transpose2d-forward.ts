import { conv2dBackwardData } from "./conv2d-backward-data.js";
import { adjointConv2dGeometry } from "./conv-transpose2d-geometry.js";
import type { ConvTranspose2dGeometry, FloatArray } from "./geometry.js";

/** y = convTranspose2d(x, w) + bias: conv2d's backward-data on x, plus the bias per output channel. */
export function convTranspose2dForward(g: ConvTranspose2dGeometry, x: FloatArray, w: FloatArray, bias: FloatArray | null, y: FloatArray): void {
  conv2dBackwardData(adjointConv2dGeometry(g), x, w, y);
  if (bias === null) return;
  const plane = g.outH * g.outW;
  for (let b = 0; b < g.n; b++) {
    for (let oc = 0; oc < g.outC; oc++) {
      const bv = bias[oc]!;
      const start = (b * g.outC + oc) * plane;
      const end = start + plane;
      for (let i = start; i < end; i++) y[i]! += bv;
    }
  }
}
