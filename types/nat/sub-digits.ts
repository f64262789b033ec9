import type { Borrow, Dec, Digit, SubTable } from "./digits.js";

/** Drops most-significant zeros (at the end of a least-significant-first tuple). */
export type TrimDigits<D> = D extends [...infer R, 0] ? TrimDigits<R> : D;

/**
 * Digit-tuple subtraction A - B, least significant first, with a borrow: one SubTable lookup
 * (plus Dec for the borrow) per digit. Returns `null` when B > A (the caller turns that into
 * a message). Tail-recursive.
 */
export type SubDigits<A, B, Br = 0, Acc extends unknown[] = []> = A extends [infer a extends Digit, ...infer RA]
  ? B extends [infer b extends Digit, ...infer RB]
    ? (Br extends 1 ? Borrow[Dec[SubTable[a][b]]] : Borrow[SubTable[a][b]]) extends [infer d, infer br]
      ? SubDigits<RA, RB, br, [...Acc, d]>
      : never
    : Br extends 1
      ? SubDigits<A, [0], 1, Acc>
      : TrimDigits<[...Acc, a, ...RA]>
  : B extends []
    ? Br extends 1
      ? null
      : TrimDigits<Acc>
    : null;
