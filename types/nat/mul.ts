import type { Overflow } from "../messages/nat.js";
import type { NatOrError } from "./error.js";
import type { MulDigits } from "./mul-digits.js";
import type { BinaryOperands, DigitsResult } from "./operands.js";

/** Digit counts whose product can still be below 2^53 (len(A) + len(B) <= 17). */
type MayFit<A extends unknown[], B extends unknown[]> = [...A, ...B]["length"] extends
  | 0
  | 1
  | 2
  | 3
  | 4
  | 5
  | 6
  | 7
  | 8
  | 9
  | 10
  | 11
  | 12
  | 13
  | 14
  | 15
  | 16
  | 17
  ? true
  : false;

/**
 * A * B by long multiplication over digits, exact up to 2^53 - 1. Operands with more than 17
 * digits together cannot fit and are rejected without multiplying.
 */
export type Mul<A extends NatOrError, B extends NatOrError> = A extends string
  ? A
  : B extends string
    ? B
    : A extends number
      ? B extends number
        ? BinaryOperands<A, B, "Mul"> extends infer R
          ? R extends [infer DA extends unknown[], infer DB extends unknown[]]
            ? DA extends []
              ? 0
              : DB extends []
                ? 0
                : MayFit<DA, DB> extends true
                  ? DigitsResult<MulDigits<DA, DB>, "Mul", `${A} * ${B}`>
                  : Overflow<"Mul", `${A} * ${B}`>
            : R
          : never
        : never
      : never;
