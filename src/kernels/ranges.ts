/**
 * Clipped index ranges shared by the convolution kernels, computed once per call so that
 * inner loops run over [lo, hi) without bounds tests.
 */

/**
 * For an output axis of length `outLen` whose position o reads input position o * stride + offset,
 * writes into lo[k] / hi[k] the range of o for which 0 <= o * stride + offset < inLen, where
 * offset = k * dil - pad for each kernel tap k in [0, kLen).
 */
export function tapRanges(
  kLen: number,
  outLen: number,
  inLen: number,
  stride: number,
  pad: number,
  dil: number,
  lo: Int32Array,
  hi: Int32Array,
): void {
  for (let k = 0; k < kLen; k++) {
    const offset = k * dil - pad;
    let a = offset >= 0 ? 0 : Math.ceil(-offset / stride);
    const last = inLen - 1 - offset;
    let b = last < 0 ? 0 : Math.floor(last / stride) + 1;
    if (b > outLen) b = outLen;
    if (a > b) a = b;
    lo[k] = a;
    hi[k] = b;
  }
}
