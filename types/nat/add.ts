import type { AddDigits } from "./add-digits.js";
import type { NatOrError } from "./error.js";
import type { BinaryOperands, DigitsResult } from "./operands.js";

/**
 * A + B, exact up to 2^53 - 1. `number` in gives `number`; an error message in is passed
 * through; unions distribute. A sum past 2^53 - 1 is `"Add: A + B exceeds 2^53 - 1"`.
 */
export type Add<A extends NatOrError, B extends NatOrError> = A extends string
  ? A
  : B extends string
    ? B
    : A extends number
      ? B extends number
        ? BinaryOperands<A, B, "Add"> extends infer R
          ? R extends [infer DA, infer DB]
            ? DigitsResult<AddDigits<DA, DB>, "Add", `${A} + ${B}`>
            : R
          : never
        : never
      : never;
