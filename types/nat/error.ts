// The error convention. A failed computation evaluates to a string literal message instead
// of a number: a string is never assignable where a dimension (number) is expected, so the
// message surfaces in the compile error (TS2322/TS2345) instead of a silent wrong number or
// `never` (which is assignable to everything and would hide the failure).

/** A type-level error: a readable string literal such as `"Sub: 3 - 5 is below 0"`. */
export type ShapeErrorMessage = string;

/** What the operations accept: a natural-number literal, `number`, or an earlier error (passed through). */
export type NatOrError = number | ShapeErrorMessage;

/** true when T is (or, for a union, contains) an error message. */
export type IsShapeError<T> = [Extract<T, string>] extends [never] ? false : true;
