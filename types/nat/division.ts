import type { DivisionByZero } from "../messages/nat.js";
import type { DivModDigits } from "./divmod-digits.js";
import type { NatOrError } from "./error.js";
import type { BinaryOperands } from "./operands.js";
import type { DigitsToNumber } from "./parse.js";

/**
 * Long division of A by B over digits, the part FloorDiv (0: quotient) and Mod (1: remainder) want; messages
 * name Op. An incoming message passes through; B = 0 is `DivisionByZero`.
 */
export type Division<A extends NatOrError, B extends NatOrError, Op extends string, Part extends 0 | 1> = A extends string
  ? A
  : B extends string
    ? B
    : A extends number
      ? B extends number
        ? BinaryOperands<A, B, Op> extends infer R
          ? R extends [infer DA, infer DB]
            ? DB extends []
              ? DivisionByZero<Op, A>
              : DigitsToNumber<DivModDigits<DA, DB>[Part]>
            : R
          : never
        : never
      : never;
