import type { NotNatural, TooLarge } from "../messages/nat.js";
import type { CharDigit, Digit, MaxSafeDigits, ShortLength } from "./digits.js";
import type { CompareDigits } from "./compare-digits.js";

// Conversions between number literals and digit tuples (least significant digit first).
// number -> `${N}` -> digits; digits -> string -> `${infer V extends number}`. Only strings that
// round-trip parse back ("007", "1e+21", "9007199254740993" do not), so a result is checked
// against 2^53 - 1 before it is parsed.

/** `${N}` of a number literal that is not a natural number (or is not exact). */
type NotNaturalText = `-${string}` | `${string}.${string}` | `${string}e-${string}` | "Infinity" | "NaN";

/** "572" -> [2, 7, 5]. Tail-recursive, one step per character. */
type StringToDigits<S, Acc extends unknown[] = []> = S extends `${infer C extends keyof CharDigit}${infer R}`
  ? StringToDigits<R, [CharDigit[C], ...Acc]>
  : Acc;

/** True when a digit tuple is at most 2^53 - 1. Fewer than 16 digits never needs a comparison. */
export type FitsSafe<D extends unknown[]> = D["length"] extends ShortLength ? true : CompareDigits<D, MaxSafeDigits> extends "gt" ? false : true;

/**
 * A number literal as digits, or `number` for `number`, or a message naming Where when N is
 * negative, fractional, not finite, or past 2^53 - 1. N must not be a union (callers distribute).
 */
export type ParseNat<N extends number, Where extends string> = number extends N
  ? number
  : `${N}` extends infer S extends string
    ? S extends NotNaturalText
      ? NotNatural<Where, S>
      : S extends `${string}e+${string}`
        ? TooLarge<Where, S>
        : S extends "0"
          ? []
          : StringToDigits<S> extends infer D extends unknown[]
            ? FitsSafe<D> extends true
              ? D
              : TooLarge<Where, S>
            : never
    : never;

/** Digits -> decimal string, most significant first; [] -> "0". */
export type ShowDigits<D, S extends string = ""> = D extends [infer d extends Digit, ...infer R] ? ShowDigits<R, `${d}${S}`> : S extends "" ? "0" : S;

/** Digits known to be at most 2^53 - 1 -> number literal. */
export type DigitsToNumber<D> = ShowDigits<D> extends `${infer V extends number}` ? V : never;
