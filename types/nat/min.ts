import type { Extreme } from "./compare.js";
import type { NatOrError } from "./error.js";

/** The smaller of A and B (returns the operand itself, no conversion); `number` if either is. */
export type Min<A extends NatOrError, B extends NatOrError> = Extreme<A, B, "Min", "gt">;
