import type { Shape } from "../tensor/shape.js";

/**
 * A layer's shape rule as a type-level function (TypeScript has no higher-kinded types, so this is the `this`
 * encoding): an interface extending ShapeFn computes `output` from `this["input"]`, and `ApplyShapeFn<F, X>`
 * calls it by intersecting F with `{ input: X }`. `output` is a shape, or the message of the op that refuses X.
 */
export interface ShapeFn {
  readonly input: Shape;
  readonly output: unknown;
}

/** F's output for input shape X. */
export type ApplyShapeFn<F extends ShapeFn, X extends Shape> = (F & { readonly input: X })["output"];

/** The rule of a layer that keeps its input's shape (activations, dropout, norms that check nothing here). */
export interface SameShapeFn extends ShapeFn {
  readonly output: this["input"];
}
