import { innerOffsets, outerOffsets, packColumns, rowsPerChunk } from "./conv-pack.js";
import { gemmPacked4x4, scratchLike, up4 } from "./gemm.js";
import type { Conv2dGeometry, FloatArray } from "./geometry.js";
import { tapRanges } from "./ranges.js";

/** Output positions per GEMM chunk: the inner dimension of the product. */
const CHUNK = 512;

/**
 * dw[oc, k] = sum over n and output positions p of dy[oc, p] * col[k, p], with k = (ic, kh, kw), as a
 * GEMM per chunk of output rows accumulated in float64 (db = sum of dy over n, oh, ow when given).
 */
export function conv2dBackwardWeight(g: Conv2dGeometry, x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray | null): void {
  const { n, inC, outC, outH, outW, kH, kW } = g;
  const kLen = inC * kH * kW;
  const k4 = up4(kLen);
  const m4 = up4(outC);
  const rowsMax = rowsPerChunk(outH, outW, CHUNK);
  const pMax = rowsMax * outW;
  const outPlane = outH * outW;

  const ap = scratchLike(dy, m4 * pMax); // A = dy chunk (outC x p): panels of 4 channels, p inner
  const bp = scratchLike(x, k4 * pMax); // B = col^T (p x kLen): panels of 4 k, p inner
  const kOff = new Int32Array(kLen);
  const pOff = new Int32Array(pMax);
  innerOffsets(pMax, pOff);
  const owLo = new Int32Array(kW);
  const owHi = new Int32Array(kW);
  tapRanges(kW, outW, g.inW, g.strideW, g.padW, g.dilW, owLo, owHi);
  const c = new Float64Array(m4 * k4);

  for (let b = 0; b < n; b++) {
    for (let oh0 = 0; oh0 < outH; oh0 += rowsMax) {
      const rows = Math.min(rowsMax, outH - oh0);
      const p = rows * outW;
      // panel strides depend on p (the inner dimension); padded lanes (oc >= outC, k >= kLen) stay 0
      for (let oc = 0; oc < outC; oc++) {
        const src = (b * outC + oc) * outPlane + oh0 * outW;
        const dst = (oc >> 2) * 4 * p + (oc & 3);
        for (let q = 0; q < p; q++) ap[dst + 4 * q] = dy[src + q]!;
      }
      outerOffsets(kLen, p, kOff);
      packColumns(g, x, b, oh0, rows, owLo, owHi, kOff, pOff, bp);
      gemmPacked4x4(m4, k4, p, ap, bp, c);
    }
  }
  for (let oc = 0; oc < outC; oc++) {
    for (let k = 0; k < kLen; k++) dw[oc * kLen + k] = c[oc * k4 + k]!;
  }
  if (db !== null) sumPlanes(n, outC, outPlane, dy, db);
}

/** db[c] = sum over batch and plane of dy[b, c, :]. */
export function sumPlanes(n: number, c: number, plane: number, dy: FloatArray, db: FloatArray): void {
  for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let b = 0; b < n; b++) {
      const start = (b * c + ch) * plane;
      const end = start + plane;
      for (let i = start; i < end; i++) s += dy[i]!;
    }
    db[ch] = s;
  }
}
