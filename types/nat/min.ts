import type { Compare } from "./compare.js";
import type { NatOrError } from "./error.js";

/** The smaller of A and B (returns the operand itself, no conversion); `number` if either is. */
export type Min<A extends NatOrError, B extends NatOrError> = A extends string
  ? A
  : B extends string
    ? B
    : Compare<A, B, "Min"> extends infer O
      ? O extends "gt"
        ? B
        : O extends "eq" | "lt"
          ? A
          : O
      : never;
