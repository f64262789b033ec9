import type { Compare, OrderingIs } from "./compare.js";
import type { NatOrError } from "./error.js";

/** A = B as `true`/`false` (both validated as naturals); `boolean` when an operand is `number`. */
export type Eq<A extends NatOrError, B extends NatOrError> = OrderingIs<Compare<A, B, "Eq">, "eq">;
