import type { Borrow, Digit, SubTable } from "./digits.js";

/** Result of comparing two naturals. */
export type Ordering = "lt" | "eq" | "gt";

/**
 * Compares two canonical digit tuples (least significant first) in one tail-recursive pass:
 * the state is the order of the lower digits, overwritten by each higher digit that differs;
 * a tuple that runs out first is the smaller (no most-significant zeros).
 */
export type CompareDigits<A, B, State extends Ordering = "eq"> = A extends [infer a extends Digit, ...infer RA]
  ? B extends [infer b extends Digit, ...infer RB]
    ? CompareDigits<RA, RB, a extends b ? State : Borrow[SubTable[a][b]][1] extends 1 ? "lt" : "gt">
    : "gt"
  : B extends []
    ? State
    : "lt";
