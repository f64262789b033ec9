import type { AddDigits } from "./add-digits.js";
import type { CompareDigits } from "./compare-digits.js";
import type { Digit } from "./digits.js";
import type { SubDigits } from "./sub-digits.js";

/** The multiples table of long division, 0·D to 9·D, built by nine additions. */
export type Multiples<D, Acc extends unknown[] = [[]]> = Acc["length"] extends 10
  ? Acc
  : Acc extends [...unknown[], infer Last]
    ? Multiples<D, [...Acc, AddDigits<Last, D>]>
    : never;

/** Largest q with M[q] <= R, and R - M[q]. R < 10*D, so q is a digit. Scans 9, 8, ..., 1. */
type QuotientDigit<M extends unknown[], R, Ks = [9, 8, 7, 6, 5, 4, 3, 2, 1]> = Ks extends [infer k extends Digit, ...infer RK]
  ? CompareDigits<M[k], R> extends "gt"
    ? QuotientDigit<M, R, RK>
    : [k, SubDigits<R, M[k]>]
  : [0, R];

/**
 * Long division: walk the dividend from its most significant digit, R = 10*R + digit, then
 * pick the quotient digit from the multiples table. Returns [quotient, remainder] as digits.
 * The quotient is built by prepending (most significant digits arrive first).
 */
type DivModLoop<A, M extends unknown[], Q extends unknown[] = [], R extends unknown[] = []> = A extends [...infer RA, infer a]
  ? QuotientDigit<M, R extends [] ? (a extends 0 ? [] : [a]) : [a, ...R]> extends [infer q, infer R2 extends unknown[]]
    ? DivModLoop<RA, M, [q, ...Q], R2>
    : never
  : [TrimQuotient<Q>, R];

type TrimQuotient<Q> = Q extends [...infer R, 0] ? TrimQuotient<R> : Q;

/** [floor(A / D), A mod D] for digit tuples, D non-empty (not 0). Dividing by 1 is free. */
export type DivModDigits<A, D> = D extends [1] ? [A, []] : DivModLoop<A, Multiples<D>>;
