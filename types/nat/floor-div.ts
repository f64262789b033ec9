import type { Division } from "./division.js";
import type { NatOrError } from "./error.js";

/** floor(A / B) by long division over digits; `"FloorDiv: cannot divide A by 0"` for B = 0. */
export type FloorDiv<A extends NatOrError, B extends NatOrError> = Division<A, B, "FloorDiv", 0>;
