/** The box's lower and upper bounds must have one shape (the model input's). */
export type BoxShapeMismatch<
  Lower extends string,
  Upper extends string,
> = `bounds: the box's lower and upper must have the same shape, got ${Lower} and ${Upper}`;
/** lower ≤ upper everywhere, and no NaN. */
export type BoxOrderViolated<Index extends string> = `bounds: the box needs lower <= upper (and no NaN) at every element, not at index ${Index}`;
/** epsilon must be a finite number ≥ 0. */
export type BadEpsilon<Got extends string> = `bounds: epsilon must be a finite number >= 0, got ${Got}`;
