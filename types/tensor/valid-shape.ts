import type { NotNaturalDim } from "./messages.js";

/**
 * Each dim of a literal shape must be a natural number below 2^53; a bad one becomes a message
 * naming the op and the position, so the call fails with TS2322 on exactly that element.
 * `number` dims pass: they are checked at run time with the same sentence.
 */
export type ValidShape<S extends readonly number[], Op extends string> = {
  [K in keyof S]: CheckDim<S[K], Op, K & string>;
};

type CheckDim<N extends number, Op extends string, Position extends string> = number extends N
  ? N
  : `${N}` extends `${string}${"-" | "." | "e" | "Infinity" | "NaN"}${string}`
    ? NotNaturalDim<Op, Position, N>
    : N;
