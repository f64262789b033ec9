import type { Conv2dGeometry, FloatArray } from "./geometry.js";

/**
 * im2col for a chunk of output rows, written straight into a packed GEMM panel.
 *
 * Column matrix entry (k, p), with k = (ic * kH + kh) * kW + kw and p = (oh - oh0) * outW + ow, is
 * x[b, ic, oh * strideH - padH + kh * dilH, ow * strideW - padW + kw * dilW] (0 outside the image), and
 * lands at dst[kOff[k] + pOff[p]]: the two offset tables choose the panel layout (k as the inner
 * dimension for conv2d forward, p for backward-weight). owLo / owHi are the clipped column ranges
 * per kw (see tapRanges), so the copy loops test no bounds.
 */
export function packColumns(
  g: Conv2dGeometry,
  x: FloatArray,
  b: number,
  oh0: number,
  rows: number,
  owLo: Int32Array,
  owHi: Int32Array,
  kOff: Int32Array,
  pOff: Int32Array,
  dst: FloatArray,
): void {
  const { inC, inH, inW, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW } = g;
  const inPlane = inH * inW;
  for (let ic = 0; ic < inC; ic++) {
    const xPlane = (b * inC + ic) * inPlane;
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++) {
        const ko = kOff[(ic * kH + kh) * kW + kw]!;
        const lo = owLo[kw]!;
        const hi = owHi[kw]!;
        for (let r = 0; r < rows; r++) {
          const pBase = r * outW;
          const ih = (oh0 + r) * strideH - padH + kh * dilH;
          if (ih < 0 || ih >= inH) {
            for (let ow = 0; ow < outW; ow++) dst[ko + pOff[pBase + ow]!] = 0;
            continue;
          }
          for (let ow = 0; ow < lo; ow++) dst[ko + pOff[pBase + ow]!] = 0;
          const xRow = xPlane + ih * inW - padW + kw * dilW;
          for (let ow = lo, xi = xRow + lo * strideW; ow < hi; ow++, xi += strideW) dst[ko + pOff[pBase + ow]!] = x[xi]!;
          for (let ow = hi; ow < outW; ow++) dst[ko + pOff[pBase + ow]!] = 0;
        }
      }
    }
  }
}

/** Offsets for an index that is the GEMM's outer (N or M) dimension: panel (i >> 2), lane (i & 3). */
export function outerOffsets(count: number, inner: number, out: Int32Array): void {
  for (let i = 0; i < count; i++) out[i] = (i >> 2) * 4 * inner + (i & 3);
}

/** Offsets for an index that is the GEMM's inner dimension: 4 per step. */
export function innerOffsets(count: number, out: Int32Array): void {
  for (let i = 0; i < count; i++) out[i] = 4 * i;
}

/** Output rows per GEMM chunk so that a chunk holds about `target` output positions. */
export function rowsPerChunk(outH: number, outW: number, target: number): number {
  return Math.max(1, Math.min(outH, Math.floor(target / Math.max(1, outW))));
}
