import type { Compare, OrderingIs } from "./compare.js";
import type { NatOrError } from "./error.js";

/** A < B as `true`/`false`; `boolean` when an operand is `number`. */
export type Lt<A extends NatOrError, B extends NatOrError> = OrderingIs<Compare<A, B, "Lt">, "lt">;
