import type { CompareDigits, Ordering } from "./compare-digits.js";
import type { NatOrError } from "./error.js";
import type { BinaryOperands } from "./operands.js";

/**
 * Shared by Lt, Lte, Eq, Max, Min: the Ordering of A and B, or a message, or `number` when an
 * operand is `number`. Unions distribute.
 */
export type Compare<A extends NatOrError, B extends NatOrError, Op extends string> = A extends string
  ? A
  : B extends string
    ? B
    : A extends number
      ? B extends number
        ? BinaryOperands<A, B, Op> extends infer R
          ? R extends [infer DA, infer DB]
            ? CompareDigits<DA, DB>
            : R
          : never
        : never
      : never;

/** Ordering -> boolean: true when the ordering is one of Yes; `number` -> boolean; messages pass. */
export type OrderingIs<O, Yes extends Ordering> = O extends Ordering ? (O extends Yes ? true : false) : O extends number ? boolean : O;

/** Max and Min: B when Compare<A, B> is TakeB, else A (the operand itself, no conversion); messages and `number` pass. */
export type Extreme<A extends NatOrError, B extends NatOrError, Op extends string, TakeB extends Ordering> = A extends string
  ? A
  : B extends string
    ? B
    : Compare<A, B, Op> extends infer O
      ? O extends TakeB
        ? B
        : O extends Ordering
          ? A
          : O
      : never;
