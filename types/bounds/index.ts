// The bounds engine's compile-time vocabulary (src/bounds holds the typed `bounds` function itself).
export type { BoundsMethod, BoundsOptionNames } from "./options.js";
export type { BoxShapeMismatch, BoxOrderViolated, BadEpsilon } from "./messages.js";
