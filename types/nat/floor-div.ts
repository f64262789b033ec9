import type { DivisionByZero } from "../messages/nat.js";
import type { DivModDigits } from "./divmod-digits.js";
import type { NatOrError } from "./error.js";
import type { BinaryOperands } from "./operands.js";
import type { DigitsToNumber } from "./parse.js";

/** floor(A / B) by long division over digits; `"FloorDiv: cannot divide A by 0"` for B = 0. */
export type FloorDiv<A extends NatOrError, B extends NatOrError> = A extends string
  ? A
  : B extends string
    ? B
    : A extends number
      ? B extends number
        ? BinaryOperands<A, B, "FloorDiv"> extends infer R
          ? R extends [infer DA, infer DB]
            ? DB extends []
              ? DivisionByZero<"FloorDiv", A>
              : DigitsToNumber<DivModDigits<DA, DB>[0]>
            : R
          : never
        : never
      : never;
