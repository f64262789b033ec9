import type { Shape } from "../tensor/shape.js";

/**
 * A layer's shape rule as a type-level function (TypeScript has no higher-kinded types, so this is the `this`
 * encoding): an interface extending ShapeFn computes `output` from `this["input"]`, and `ApplyShapeFn<F, X>`
 * calls it by intersecting F with `{ input: X }`. `output` is a shape, or the message of the op that refuses X.
 */
export interface ShapeFn {
  readonly input: unknown;
  readonly output: unknown;
}

/**
 * The input shape inside a rule: `InputShape<this>`. `input` is declared `unknown`, so applying the rule gives
 * `unknown & X`, which is X itself; declaring it `Shape` would give `Shape & X`, an intersection some rules
 * (a fold over the axes) read as a union of sizes. `infer X extends Shape`, not `Extract<…, Shape>`: Extract stays
 * deferred on a generic size (`[B, 400]` in a generic forward), so every later layer's rule would stay unresolved.
 */
export type InputShape<F extends ShapeFn> = F["input"] extends infer X extends Shape ? X : never;

/** F's output for input shape X. */
export type ApplyShapeFn<F extends ShapeFn, X extends Shape> = (F & { readonly input: X })["output"];

/** The rule of a layer that keeps its input's shape (activations, dropout, norms that check nothing here). */
export interface SameShapeFn extends ShapeFn {
  readonly output: InputShape<this>;
}
