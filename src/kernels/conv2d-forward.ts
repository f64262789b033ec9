import { packColumns, innerOffsets, outerOffsets, rowsPerChunk } from "./conv-pack.js";
import { gemmPacked4x4, scratchLike, up4 } from "./gemm.js";
import type { Conv2dGeometry, FloatArray } from "./geometry.js";
import { tapRanges } from "./ranges.js";

/** Output positions per GEMM chunk (keeps the packed column panel in L2). */
const CHUNK = 256;

/**
 * y = conv2d(x, w) + bias (cross-correlation, as PyTorch), as a GEMM per chunk of output rows:
 * Y[oc, p] = sum over k = (ic, kh, kw) of W[oc, k] * col[k, p], with W packed once per call and the
 * column panel packed from x per chunk (zeros where the window leaves the image). With `relu`, each
 * output is max(v, 0) as reluForward writes it (NaN stays NaN), so fused and unfused agree bit for bit.
 */
export function conv2dForward(g: Conv2dGeometry, x: FloatArray, w: FloatArray, bias: FloatArray | null, y: FloatArray, relu = false): void {
  const { n, inC, outC, outH, outW, kH, kW } = g;
  const kLen = inC * kH * kW;
  const m4 = up4(outC);
  const rowsMax = rowsPerChunk(outH, outW, CHUNK);
  const pMax = rowsMax * outW;
  const n4Max = up4(pMax);
  const outPlane = outH * outW;

  // A = W (outC x kLen), panels of 4 output channels
  const ap = scratchLike(w, m4 * kLen);
  for (let oc = 0; oc < outC; oc++) {
    const base = (oc >> 2) * 4 * kLen + (oc & 3);
    for (let k = 0; k < kLen; k++) ap[base + 4 * k] = w[oc * kLen + k]!;
  }
  // B = col (kLen x p), panels of 4 positions
  const bp = scratchLike(x, n4Max * kLen);
  const kOff = new Int32Array(kLen);
  innerOffsets(kLen, kOff);
  const pOff = new Int32Array(pMax);
  outerOffsets(pMax, kLen, pOff);
  const owLo = new Int32Array(kW);
  const owHi = new Int32Array(kW);
  tapRanges(kW, outW, g.inW, g.strideW, g.padW, g.dilW, owLo, owHi);
  const c = new Float64Array(m4 * n4Max);

  for (let b = 0; b < n; b++) {
    for (let oh0 = 0; oh0 < outH; oh0 += rowsMax) {
      const rows = Math.min(rowsMax, outH - oh0);
      const p = rows * outW;
      const n4 = up4(p);
      // (in a short last chunk, lanes past p keep stale values: they only feed outputs never copied)
      packColumns(g, x, b, oh0, rows, owLo, owHi, kOff, pOff, bp);
      c.fill(0, 0, m4 * n4);
      gemmPacked4x4(m4, n4, kLen, ap, bp, c);
      for (let oc = 0; oc < outC; oc++) {
        const bv = bias === null ? 0 : bias[oc]!;
        const yStart = (b * outC + oc) * outPlane + oh0 * outW;
        const cRow = oc * n4;
        if (relu) {
          // round to y's precision first (as the unfused relu sees it), then clamp
          for (let q = 0; q < p; q++) {
            y[yStart + q] = c[cRow + q]! + bv;
            const v = y[yStart + q]!;
            if (!(v > 0 || v !== v)) y[yStart + q] = 0;
          }
        } else {
          for (let q = 0; q < p; q++) y[yStart + q] = c[cRow + q]! + bv;
        }
      }
    }
  }
}
