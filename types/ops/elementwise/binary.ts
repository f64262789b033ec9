import type { BroadcastGuard, BroadcastShapes } from "../../shape/broadcast.js";
import type { DType, Shape } from "../../tensor/shape.js";
import type { DTypeCheck } from "../dtype-check.js";
import type { FirstMessage } from "../first-message.js";
import type { IsUnion } from "../is-union.js";
import type { NeedsTensor } from "./messages.js";

/** A tensor as the elementwise rules see it: anything with a shape and a dtype (a plain number is a 0-d operand). */
export interface TensorLike {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** An operand's shape: a tensor's shape type, `[]` for a plain number (PyTorch wraps it as a 0-d tensor). */
export type OperandShape<T> = T extends { readonly shape: infer S extends Shape } ? S : [];

/** An operand's dtype, or `Else` for a plain number (which takes the other operand's dtype). */
export type OperandDType<T, Else extends DType = never> = T extends { readonly dtype: infer D extends DType } ? D : Else;

/**
 * The result shape of a broadcasting op on A and B (either may be a plain number): PyTorch's broadcast, or the
 * message for the first axis from the right that cannot broadcast, e.g. `"add: cannot broadcast axis -1: 4 vs 5"`.
 */
export type BinaryShape<Op extends string, A, B> = BroadcastShapes<Op, OperandShape<A>, OperandShape<B>>;

/** The result dtype: a's when it is a tensor, else b's. */
export type BinaryDType<A, B> = OperandDType<A, OperandDType<B, "float32">>;

/**
 * The checks of a broadcasting binary op on a tensor and an operand, reported at `b`: the shapes broadcast, and two
 * tensors share one dtype. Each is `true` (or a shape) when it passes, else its message.
 */
export type BinaryChecks<Op extends string, A, B> = [
  BinaryShape<Op, A, B>,
  // Tested on the dtype alone: `A extends TensorLike` would also compare a generic shape, and stay deferred.
  A extends { readonly dtype: DType }
    ? B extends { readonly dtype: DType }
      ? DTypeCheck<Op, "b", "a", OperandDType<A>, OperandDType<B>>
      : true
    : true,
];

/**
 * The parameter-type part of `b`: `unknown`, or the first message of BinaryChecks, the broadcast axis by axis
 * (BroadcastGuard, so an axis tsc cannot decide prints as `CanBroadcast<"add", -2, N, M>`), then the dtypes. A union
 * operand (`cond ? Tensor<[2, 3]> : Tensor<[2, 5]>`) must pass for every alternative: BroadcastGuard's per-axis
 * parts would join a passing alternative's `unknown` with a failing one's message into `unknown`.
 */
export type BinaryGuard<Op extends string, A, B> = true extends IsUnion<A> | IsUnion<B>
  ? FirstMessage<BinaryChecks<Op, A, B>>
  : BroadcastGuard<Op, OperandShape<A>, OperandShape<B>, FirstMessage<[BinaryChecks<Op, A, B>[1]]>>;

/**
 * The type of `b`: b's own type with BinaryGuard, or, when both operands are plain numbers, the message alone (a
 * number intersected with a message would be `never`, and the error would not read the sentence).
 */
export type BinaryOperand<Op extends string, A, B> = [A, B] extends [number, number] ? NeedsTensor<Op> : B & BinaryGuard<Op, A, B>;
