import type { Division } from "./division.js";
import type { NatOrError } from "./error.js";

/** A mod B (the remainder of FloorDiv); `"Mod: cannot divide A by 0"` for B = 0. */
export type Mod<A extends NatOrError, B extends NatOrError> = Division<A, B, "Mod", 1>;
