import type { AddTable, Carry, Digit, Inc } from "./digits.js";

/**
 * Digit-tuple addition, least significant first: one AddTable lookup (plus Inc for the carry)
 * per digit; once the shorter operand ends without a carry, the rest is copied in one spread.
 * Tail-recursive: cost is linear in the number of digits, independent of magnitude.
 */
export type AddDigits<A, B, C = 0, Acc extends unknown[] = []> = A extends [infer a extends Digit, ...infer RA]
  ? B extends [infer b extends Digit, ...infer RB]
    ? (C extends 1 ? Carry[Inc[AddTable[a][b]]] : Carry[AddTable[a][b]]) extends [infer d, infer c]
      ? AddDigits<RA, RB, c, [...Acc, d]>
      : never
    : C extends 1
      ? AddDigits<A, [1], 0, Acc>
      : [...Acc, a, ...RA]
  : B extends [unknown, ...unknown[]]
    ? AddDigits<B, [], C, Acc>
    : C extends 1
      ? [...Acc, 1]
      : Acc;
