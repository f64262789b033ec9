import type { SubBelowZero } from "../messages/nat.js";
import type { NatOrError } from "./error.js";
import type { BinaryOperands } from "./operands.js";
import type { DigitsToNumber } from "./parse.js";
import type { SubDigits } from "./sub-digits.js";

/** A - B for A >= B; `"Sub: A - B is below 0"` otherwise (naturals have no negatives). */
export type Sub<A extends NatOrError, B extends NatOrError> = A extends string
  ? A
  : B extends string
    ? B
    : A extends number
      ? B extends number
        ? BinaryOperands<A, B, "Sub"> extends infer R
          ? R extends [infer DA, infer DB]
            ? SubDigits<DA, DB> extends infer D
              ? D extends null
                ? SubBelowZero<A, B>
                : DigitsToNumber<D>
              : never
            : R
          : never
        : never
      : never;
