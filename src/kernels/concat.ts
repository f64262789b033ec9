import type { FloatArray } from "./geometry.js";

/**
 * Concatenation along one axis over flat row-major arrays. A tensor of shape (d0, ..., dk) split at
 * `axis` is `outer` = d0 * ... * d(axis-1) blocks of `inner` = d(axis) * ... * dk elements; parts
 * differ only in their inner size. Not part of KernelBackend: it only moves memory.
 */
export interface ConcatLayout {
  readonly outer: number;
  /** inner size of each part, in order */
  readonly inners: number[];
  /** sum of inners: the output's inner size */
  readonly innerTotal: number;
}

/** outer / inner sizes for concatenating tensors of these shapes along `axis` (shapes must agree elsewhere). */
export function concatLayout(shapes: readonly (readonly number[])[], axis: number): ConcatLayout {
  const first = shapes[0];
  if (first === undefined) throw new RangeError("concat: no parts");
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= first[d]!;
  const inners: number[] = [];
  let innerTotal = 0;
  for (const s of shapes) {
    let inner = 1;
    for (let d = axis; d < s.length; d++) inner *= s[d]!;
    inners.push(inner);
    innerTotal += inner;
  }
  return { outer, inners, innerTotal };
}

/** out[o, :] = part0[o, :] ++ part1[o, :] ++ ... for o in [0, outer). `out` is fully overwritten. */
export function concatForward(parts: readonly FloatArray[], outer: number, inners: readonly number[], out: FloatArray): void {
  const count = parts.length;
  let total = 0;
  for (let p = 0; p < count; p++) total += inners[p]!;
  let dst = 0;
  for (let o = 0; o < outer; o++) {
    for (let p = 0; p < count; p++) {
      const inner = inners[p]!;
      copyRun(parts[p]!, o * inner, out, dst, inner);
      dst += inner;
    }
  }
  if (dst !== outer * total) throw new RangeError("concat: layout mismatch");
}

/** The vector-Jacobian product of concat: splits dy back into one gradient per part (each fully overwritten). */
export function concatBackward(dy: FloatArray, outer: number, inners: readonly number[], grads: readonly FloatArray[]): void {
  const count = grads.length;
  let src = 0;
  for (let o = 0; o < outer; o++) {
    for (let p = 0; p < count; p++) {
      const inner = inners[p]!;
      copyRun(dy, src, grads[p]!, o * inner, inner);
      src += inner;
    }
  }
}

/** Runs shorter than this are copied by hand: a subarray view per run would allocate once per row. */
const SHORT_RUN = 64;

/** dst[dstStart + i] = src[srcStart + i] for i < length; long runs with `set` (a memory copy). */
function copyRun(src: FloatArray, srcStart: number, dst: FloatArray, dstStart: number, length: number): void {
  if (length < SHORT_RUN) {
    for (let i = 0; i < length; i++) dst[dstStart + i] = src[srcStart + i]!;
    return;
  }
  dst.set(src.subarray(srcStart, srcStart + length), dstStart);
}
