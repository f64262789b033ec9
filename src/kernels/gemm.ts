import type { FloatArray } from "./geometry.js";

/**
 * The register-tiled matrix product every convolution kernel funnels into:
 *
 *   C[M4 x N4] += A[M4 x inner] * B[inner x N4]
 *
 * with both operands packed in panels of 4 so that one k step of a 4x4 tile reads 4 contiguous
 * values of each: A as ap[((i >> 2) * inner + k) * 4 + (i & 3)], B as bp[((j >> 2) * inner + k) * 4 + (j & 3)].
 * M4 and N4 are multiples of 4 (callers pad the panels with zeros); C is row-major float64.
 * The 16 accumulators are locals, so each k step does 8 loads for 16 multiply-adds.
 */
export function gemmPacked4x4(m4: number, n4: number, inner: number, ap: FloatArray, bp: FloatArray, c: Float64Array): void {
  const panel = 4 * inner;
  for (let j = 0; j < n4; j += 4) {
    const bStart = j * inner; // (j / 4) * panel
    for (let i = 0; i < m4; i += 4) {
      const aStart = i * inner;
      const aEnd = aStart + panel;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let ka = aStart, kb = bStart; ka < aEnd; ka += 4, kb += 4) {
        const b0 = bp[kb]!;
        const b1 = bp[kb + 1]!;
        const b2 = bp[kb + 2]!;
        const b3 = bp[kb + 3]!;
        let a = ap[ka]!;
        c00 += a * b0;
        c01 += a * b1;
        c02 += a * b2;
        c03 += a * b3;
        a = ap[ka + 1]!;
        c10 += a * b0;
        c11 += a * b1;
        c12 += a * b2;
        c13 += a * b3;
        a = ap[ka + 2]!;
        c20 += a * b0;
        c21 += a * b1;
        c22 += a * b2;
        c23 += a * b3;
        a = ap[ka + 3]!;
        c30 += a * b0;
        c31 += a * b1;
        c32 += a * b2;
        c33 += a * b3;
      }
      let o = i * n4 + j;
      c[o]! += c00;
      c[o + 1]! += c01;
      c[o + 2]! += c02;
      c[o + 3]! += c03;
      o += n4;
      c[o]! += c10;
      c[o + 1]! += c11;
      c[o + 2]! += c12;
      c[o + 3]! += c13;
      o += n4;
      c[o]! += c20;
      c[o + 1]! += c21;
      c[o + 2]! += c22;
      c[o + 3]! += c23;
      o += n4;
      c[o]! += c30;
      c[o + 1]! += c31;
      c[o + 2]! += c32;
      c[o + 3]! += c33;
    }
  }
}

/** Rounds up to a multiple of 4. */
export function up4(v: number): number {
  return (v + 3) & ~3;
}

/** A zeroed scratch array with the element type of `like` (packing copies values exactly). */
export function scratchLike(like: FloatArray, length: number): FloatArray {
  return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}
