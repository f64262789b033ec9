import type { BroadcastShapes } from "../../shape/broadcast.js";
import type { DType, Shape } from "../../tensor/shape.js";
import type { DTypeCheck } from "../dtype-check.js";
import type { FirstMessage } from "../first-message.js";
import type { OperandDType, OperandShape, TensorLike } from "./binary.js";

/** cond broadcast with a: the shape `b` must then broadcast with, or the message (reported at `a`). */
export type WhereCondShape<C extends Shape, A> = BroadcastShapes<"where", C, OperandShape<A>>;

/**
 * `where(cond, a, b)`'s shape: cond, a and b broadcast together (PyTorch), cond with a first, then with b; or the
 * message of the first pair that cannot broadcast.
 */
export type WhereShape<C extends Shape, A, B> =
  WhereCondShape<C, A> extends infer CA extends Shape ? BroadcastShapes<"where", CA, OperandShape<B>> : WhereCondShape<C, A>;

/** The result dtype: a's when it is a tensor, else b's, else cond's. */
export type WhereDType<CD extends DType, A, B> = OperandDType<A, OperandDType<B, CD>>;

/** The parameter-type part of `a`: `unknown`, or the message when cond and a cannot broadcast. */
export type WhereAGuard<C extends Shape, A> = FirstMessage<[WhereCondShape<C, A>]>;

/**
 * The parameter-type part of `b`: `unknown`, or the message when b cannot broadcast with cond and a (nothing when
 * that pair already failed at `a`), or when a and b are tensors of two dtypes.
 */
export type WhereBGuard<C extends Shape, A, B> = FirstMessage<
  [
    WhereCondShape<C, A> extends infer CA extends Shape ? BroadcastShapes<"where", CA, OperandShape<B>> : true,
    A extends TensorLike ? (B extends TensorLike ? DTypeCheck<"where", "b", "a", OperandDType<A>, OperandDType<B>> : true) : true,
  ]
>;
