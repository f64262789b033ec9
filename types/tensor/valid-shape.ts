import type { CheckNat } from "../nat/check-nat.js";
import type { Shape } from "./shape.js";

/**
 * Each dim of a literal shape must be a natural number at most 2^53 - 1; a bad one becomes the
 * message naming the op and the position (`"zeros: dim 1 must be a natural number, got -1"`),
 * so the call fails with TS2322 on exactly that element. `number` dims pass: `checkShape`
 * checks them at run time with the same sentence (both use the natural-number messages).
 */
export type ValidShape<S extends Shape, Op extends string> = {
  [K in keyof S]: CheckNat<S[K], `${Op}: dim ${K & string}`>;
};
