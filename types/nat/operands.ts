import type { Overflow } from "../messages/nat.js";
import type { DigitsToNumber, FitsSafe, ParseNat } from "./parse.js";

// Shared plumbing of the public operations: validate both operands, decide `number`, and turn
// a digit result back into a number literal (or an overflow message).

/**
 * [digits of A, digits of B]; or the first operand's message; or `number` when an operand is
 * `number` (a literal operand that is invalid still gives its message).
 */
export type BinaryOperands<A extends number, B extends number, Op extends string> =
  ParseNat<A, `${Op}: left operand`> extends infer DA
    ? DA extends string
      ? DA
      : ParseNat<B, `${Op}: right operand`> extends infer DB
        ? DB extends string
          ? DB
          : DA extends number
            ? number
            : DB extends number
              ? number
              : [DA, DB]
        : never
    : never;

/** Digits of the only operand, or its message, or `number`. */
export type UnaryOperand<A extends number, Op extends string> = ParseNat<A, `${Op}: operand`>;

/** A digit result as a number literal, or an overflow message past 2^53 - 1. */
export type DigitsResult<D, Op extends string, Expr extends string> = D extends unknown[]
  ? FitsSafe<D> extends true
    ? DigitsToNumber<D>
    : Overflow<Op, Expr>
  : never;
