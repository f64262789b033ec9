import type { BadEpsilon, BoxOrderViolated, BoxShapeMismatch } from "../../types/bounds/messages.js";

export const boxShapeMismatch = <L extends string, U extends string>(lower: L, upper: U): BoxShapeMismatch<L, U> =>
  `bounds: the box's lower and upper must have the same shape, got ${lower} and ${upper}`;
export const boxOrderViolated = <I extends string>(index: I): BoxOrderViolated<I> =>
  `bounds: the box needs lower <= upper (and no NaN) at every element, not at index ${index}`;
export const badEpsilon = <G extends string>(got: G): BadEpsilon<G> => `bounds: epsilon must be a finite number >= 0, got ${got}`;
