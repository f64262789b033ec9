import { conv2dBackwardWeight, sumPlanes } from "./conv2d-backward-weight.js";
import { adjointConv2dGeometry } from "./conv-transpose2d-geometry.js";
import type { ConvTranspose2dGeometry, FloatArray } from "./geometry.js";

/**
 * dw[ic, oc, kh, kw] = sum of x[n, ic, ih, iw] * dy[n, oc, oh, ow]: conv2d's backward-weight with the
 * roles of input and upstream gradient swapped. db[oc] = sum of dy over n, oh, ow.
 */
export function convTranspose2dBackwardWeight(
  g: ConvTranspose2dGeometry,
  x: FloatArray,
  dy: FloatArray,
  dw: FloatArray,
  db: FloatArray | null,
): void {
  conv2dBackwardWeight(adjointConv2dGeometry(g), dy, x, dw, null);
  if (db !== null) sumPlanes(g.n, g.outC, g.outH * g.outW, dy, db);
}
