import type { NotNatural } from "../messages/nat.js";
import type { ParseNat } from "./parse.js";

/**
 * Validates one dimension for a tensor constructor: N itself when it is a natural literal
 * below 2^53, `number` for `number`, an earlier error message passed through, otherwise a
 * message naming Where and the value, e.g. `"zeros: dim 1 must be a natural number, got -1"`.
 * Put it alone on the parameter's type, `n: CheckNat<N, "dim 0">` (N is still inferred), so a
 * bad literal fails with that message as the parameter type (TS2345). Not `N & CheckNat<...>`:
 * a number literal intersected with a message is `never`, and the message would be lost.
 */
export type CheckNat<N, Where extends string> = N extends string
  ? N
  : N extends number
    ? ParseNat<N, Where> extends infer R
      ? R extends string
        ? R
        : R extends number
          ? number
          : N
      : never
    : NotNatural<Where, "a value that is not a number">;
