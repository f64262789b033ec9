import type { FloatArray, Pool2dGeometry } from "./geometry.js";

/** dx = 0, then dx[plane + indices[i]] += dy[i] for every output i (overlapping windows accumulate). */
export function maxPool2dBackward(g: Pool2dGeometry, dy: FloatArray, indices: Int32Array, dx: FloatArray): void {
  const inPlane = g.inH * g.inW;
  const outPlane = g.outH * g.outW;
  const planes = g.n * g.c;
  dx.fill(0, 0, planes * inPlane);
  for (let p = 0; p < planes; p++) {
    const xPlane = p * inPlane;
    const start = p * outPlane;
    const end = start + outPlane;
    for (let i = start; i < end; i++) {
      const at = indices[i]!;
      if (at >= 0) dx[xPlane + at]! += dy[i]!;
    }
  }
}
