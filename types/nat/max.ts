import type { Compare } from "./compare.js";
import type { NatOrError } from "./error.js";

/** The larger of A and B (returns the operand itself, no conversion); `number` if either is. */
export type Max<A extends NatOrError, B extends NatOrError> = A extends string
  ? A
  : B extends string
    ? B
    : Compare<A, B, "Max"> extends infer O
      ? O extends "lt"
        ? B
        : O extends "eq" | "gt"
          ? A
          : O
      : never;
