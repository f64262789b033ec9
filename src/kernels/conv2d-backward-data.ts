import { rowsPerChunk } from "./conv-pack.js";
import { gemmPacked4x4, scratchLike, up4 } from "./gemm.js";
import type { Conv2dGeometry, FloatArray } from "./geometry.js";
import { tapRanges } from "./ranges.js";

/** Output positions per GEMM chunk. */
const CHUNK = 128;

/**
 * dx = vector-Jacobian product of conv2d with respect to x, for upstream dy: per chunk of output rows,
 * the GEMM dcol[k, p] = sum over oc of W[oc, k] * dy[oc, p], then col2im scatter-adds dcol into a
 * float64 image accumulator (contiguous runs per (k, row) over the clipped column range).
 */
export function conv2dBackwardData(g: Conv2dGeometry, dy: FloatArray, w: FloatArray, dx: FloatArray): void {
  const { n, inC, inH, inW, outC, outH, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW } = g;
  const kLen = inC * kH * kW;
  const k4 = up4(kLen);
  const rowsMax = rowsPerChunk(outH, outW, CHUNK);
  const pMax = rowsMax * outW;
  const n4Max = up4(pMax);
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  const kArea = kH * kW;

  // A = W^T (kLen x outC), panels of 4 k
  const ap = scratchLike(w, k4 * outC);
  for (let oc = 0; oc < outC; oc++) {
    for (let k = 0; k < kLen; k++) ap[((k >> 2) * outC + oc) * 4 + (k & 3)] = w[oc * kLen + k]!;
  }
  // B = dy chunk (outC x p), panels of 4 positions
  const bp = scratchLike(dy, n4Max * outC);
  const c = new Float64Array(k4 * n4Max);
  const owLo = new Int32Array(kW);
  const owHi = new Int32Array(kW);
  tapRanges(kW, outW, inW, strideW, padW, dilW, owLo, owHi);
  const acc = new Float64Array(inC * inPlane);

  for (let b = 0; b < n; b++) {
    acc.fill(0);
    for (let oh0 = 0; oh0 < outH; oh0 += rowsMax) {
      const rows = Math.min(rowsMax, outH - oh0);
      const p = rows * outW;
      const n4 = up4(p);
      for (let oc = 0; oc < outC; oc++) {
        const src = (b * outC + oc) * outPlane + oh0 * outW;
        for (let q = 0; q < p; q++) bp[((q >> 2) * outC + oc) * 4 + (q & 3)] = dy[src + q]!;
      }
      c.fill(0, 0, k4 * n4);
      gemmPacked4x4(k4, n4, outC, ap, bp, c);
      // col2im: dcol[k, (r, ow)] -> acc[ic, ih, iw]
      for (let ic = 0; ic < inC; ic++) {
        const accPlane = ic * inPlane;
        for (let kh = 0; kh < kH; kh++) {
          for (let r = 0; r < rows; r++) {
            const ih = (oh0 + r) * strideH - padH + kh * dilH;
            if (ih < 0 || ih >= inH) continue;
            const accRow = accPlane + ih * inW - padW;
            for (let kw = 0; kw < kW; kw++) {
              const cRow = (ic * kArea + kh * kW + kw) * n4 + r * outW;
              const lo = owLo[kw]!;
              const hi = owHi[kw]!;
              const base = accRow + kw * dilW;
              if (strideW === 1) {
                for (let ow = lo; ow < hi; ow++) acc[base + ow]! += c[cRow + ow]!;
              } else {
                for (let ow = lo, ai = base + lo * strideW; ow < hi; ow++, ai += strideW) acc[ai]! += c[cRow + ow]!;
              }
            }
          }
        }
      }
    }
    const dxStart = b * inC * inPlane;
    for (let i = 0; i < acc.length; i++) dx[dxStart + i] = acc[i]!;
  }
}
