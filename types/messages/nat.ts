import type { Printable } from "./printable.js";

// Messages of the natural-number arithmetic (types/nat). Each is written once here; the
// runtime builder with the same name in src/messages/nat.ts returns exactly this type.

/** A value that is negative, fractional or not finite: `"zeros: dim 1 must be a natural number, got -1"`. */
export type NotNatural<Where extends string, Got extends Printable> = `${Where} must be a natural number, got ${Got}`;

/** A natural number past Number.MAX_SAFE_INTEGER, where number literals stop being exact. */
export type TooLarge<Where extends string, Got extends Printable> = `${Where} must be at most 2^53 - 1, got ${Got}`;

/** `"Sub: 3 - 5 is below 0"`. */
export type SubBelowZero<A extends Printable, B extends Printable> = `Sub: ${A} - ${B} is below 0`;

/** `"FloorDiv: cannot divide 7 by 0"`. */
export type DivisionByZero<Op extends string, A extends Printable> = `${Op}: cannot divide ${A} by 0`;

/** A result past 2^53 - 1: `"Add: 9007199254740991 + 1 exceeds 2^53 - 1"`. */
export type Overflow<Op extends string, Expr extends string> = `${Op}: ${Expr} exceeds 2^53 - 1`;
