import type { AddDigits } from "./add-digits.js";
import type { AddTable, Carry, Digit, Inc, MulTable } from "./digits.js";
import type { TrimDigits } from "./sub-digits.js";

/** A * m for one digit m: one MulTable lookup and one AddTable lookup per digit of A. */
type MulByDigitLoop<A, m extends Digit, C extends Digit = 0, Acc extends unknown[] = []> = A extends [infer a extends Digit, ...infer RA]
  ? MulTable[a][m] extends [infer lo extends Digit, infer hi extends Digit]
    ? Carry[AddTable[lo][C]] extends [infer d, infer c]
      ? MulByDigitLoop<RA, m, c extends 1 ? Inc[hi] & Digit : hi, [...Acc, d]>
      : never
    : never
  : C extends 0
    ? Acc
    : [...Acc, C];

/** A * m, with 0 and 1 answered without a loop. */
export type MulByDigit<A, m extends Digit> = m extends 0 ? [] : m extends 1 ? A : MulByDigitLoop<A, m>;

/**
 * Long multiplication, least significant first: for each digit b of B, add A*b to the running
 * partial sum; its lowest digit is final and moves to Out, so no shifting is needed.
 * Cost ~ len(A) * len(B) table lookups.
 */
type MulLoop<A, B, Acc, Out extends unknown[]> = B extends [infer b extends Digit, ...infer RB]
  ? AddDigits<Acc, MulByDigit<A, b>> extends [infer low, ...infer high]
    ? MulLoop<A, RB, high, [...Out, low]>
    : MulLoop<A, RB, [], [...Out, 0]>
  : Acc extends unknown[]
    ? TrimDigits<[...Out, ...Acc]>
    : never;

/** The product of two naturals as little-endian digit lists (schoolbook multiplication, digit by digit). */
export type MulDigits<A, B> = A extends [] ? [] : B extends [] ? [] : B extends [1] ? A : MulLoop<A, B, [], []>;
