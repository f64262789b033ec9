import type { DType, Shape } from "../../types/tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * The parameter-type part that carries a shape rule's verdict: `unknown` when R is a shape, else R's message, so
 * `b: Tensor<B, D> & ShapeGuard<BroadcastShapes<"add", A, B>>` reports the message at `b` (TS2345).
 */
export type ShapeGuard<R> = [Extract<R, string>] extends [never] ? unknown : Extract<R, string>;

/**
 * An op's result type: a tensor of the shape rule's result R; when R is a message (already reported at the
 * argument that is wrong), `Tensor<Shape, D>`, which checks nothing further, so one mistake gives one error.
 * The outer `R extends unknown` keeps the type deferred while R is unresolved in a generic signature (a bare
 * `{ shape: R }` test would be settled there, with R itself taken as the shape); the box `{ shape: R }` then
 * resolves a generic shape such as `[N, D]` instead of deferring it.
 */
export type ShapedResult<R, D extends DType> = R extends unknown
  ? { shape: R } extends { shape: infer S extends Shape }
    ? Tensor<S, D>
    : Tensor<Shape, D>
  : never;
