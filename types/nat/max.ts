import type { Extreme } from "./compare.js";
import type { NatOrError } from "./error.js";

/** The larger of A and B (returns the operand itself, no conversion); `number` if either is. */
export type Max<A extends NatOrError, B extends NatOrError> = Extreme<A, B, "Max", "lt">;
