import type { DivisionByZero } from "../messages/nat.js";
import type { DivModDigits } from "./divmod-digits.js";
import type { NatOrError } from "./error.js";
import type { BinaryOperands } from "./operands.js";
import type { DigitsToNumber } from "./parse.js";

/** A mod B (the remainder of FloorDiv); `"Mod: cannot divide A by 0"` for B = 0. */
export type Mod<A extends NatOrError, B extends NatOrError> = A extends string
  ? A
  : B extends string
    ? B
    : A extends number
      ? B extends number
        ? BinaryOperands<A, B, "Mod"> extends infer R
          ? R extends [infer DA, infer DB]
            ? DB extends []
              ? DivisionByZero<"Mod", A>
              : DigitsToNumber<DivModDigits<DA, DB>[1]>
            : R
          : never
        : never
      : never;
