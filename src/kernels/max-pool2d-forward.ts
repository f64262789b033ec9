import type { FloatArray, Pool2dGeometry } from "./geometry.js";

/**
 * y = max over each window, indices = flat position (h * inW + w) in the (n, c) input plane, as
 * PyTorch's CPU kernel: padding acts as -Infinity (skipped); the first maximum in row-major window
 * order wins ties; a NaN replaces the running maximum (so the output is NaN and its index is the
 * window's last NaN). A window with no value at all (possible only with padding >= its extent) gives
 * -Infinity and index -1.
 */
export function maxPool2dForward(g: Pool2dGeometry, x: FloatArray, y: FloatArray, indices: Int32Array): void {
  const { n, c, inH, inW, outH, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW } = g;
  // per output column: first valid kernel column and one past the last
  const kwLo = new Int32Array(outW);
  const kwHi = new Int32Array(outW);
  for (let ow = 0; ow < outW; ow++) {
    const iw0 = ow * strideW - padW;
    let a = 0;
    while (a < kW && iw0 + a * dilW < 0) a++;
    let b = a;
    while (b < kW && iw0 + b * dilW < inW) b++;
    kwLo[ow] = a;
    kwHi[ow] = b;
  }
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  const planes = n * c;
  for (let p = 0; p < planes; p++) {
    const xPlane = p * inPlane;
    const yPlane = p * outPlane;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * strideH - padH;
      let khLo = 0;
      while (khLo < kH && ih0 + khLo * dilH < 0) khLo++;
      let khHi = khLo;
      while (khHi < kH && ih0 + khHi * dilH < inH) khHi++;
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * strideW - padW;
        const a = kwLo[ow]!;
        const bEnd = kwHi[ow]!;
        let best = -Infinity;
        let at = khLo < khHi && a < bEnd ? (ih0 + khLo * dilH) * inW + iw0 + a * dilW : -1;
        for (let kh = khLo; kh < khHi; kh++) {
          const rowStart = (ih0 + kh * dilH) * inW + iw0;
          for (let kw = a; kw < bEnd; kw++) {
            const pos = rowStart + kw * dilW;
            const v = x[xPlane + pos]!;
            if (v > best || v !== v) {
              best = v;
              at = pos;
            }
          }
        }
        y[yPlane + oh * outW + ow] = best;
        indices[yPlane + oh * outW + ow] = at;
      }
    }
  }
}
