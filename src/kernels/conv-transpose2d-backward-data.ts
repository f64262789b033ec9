import { conv2dForward } from "./conv2d-forward.js";
import { adjointConv2dGeometry } from "./conv-transpose2d-geometry.js";
import type { ConvTranspose2dGeometry, FloatArray } from "./geometry.js";

/** dx = vector-Jacobian product of convTranspose2d with respect to x: conv2d forward of dy with w. */
export function convTranspose2dBackwardData(g: ConvTranspose2dGeometry, dy: FloatArray, w: FloatArray, dx: FloatArray): void {
  conv2dForward(adjointConv2dGeometry(g), dy, w, null, dx);
}
