import type { ShapedResult } from "../result.js";
import type { BinaryDType, BinaryShape } from "../../../types/ops/elementwise/binary.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { broadcastShapes } from "../../shape/broadcast.js";
import { allocate, type ArrayFor, Tensor } from "../../tensor/tensor.js";
import { requireDType } from "../dtype.js";
import { sizeOf } from "../shape/common.js";
import { requireElementCount } from "../../tensor/element-limit.js";
import { needsTensor, notAnOperand } from "./messages.js";

/** Either side of a broadcasting op: a tensor, or a plain number (PyTorch's wrapped scalar, a 0-d operand). */
export type Operand = Tensor<Shape, DType> | number;

/** The result type of a broadcasting binary op on A and B. */
export type BinaryResult<Op extends string, A, B> = ShapedResult<BinaryShape<Op, A, B>, BinaryDType<A, B>>;

type AnyTensor = Tensor<Shape, DType>;
export type AnyArray = ArrayFor<DType>;

/** One operand as the kernels read it: its data and shape (a plain number is a one-element array of shape []). */
export interface Side {
  readonly data: AnyArray;
  readonly shape: readonly number[];
  /** The tensor, for the tape; null for a plain number. */
  readonly tensor: AnyTensor | null;
}

/** A checked broadcasting call: the output's shape and dtype, and both operands. */
export interface BinaryPlan {
  readonly shape: number[];
  readonly dtype: DType;
  readonly size: number;
  readonly a: Side;
  readonly b: Side;
}

/** The tensor behind an operand, null for a number; anything else is a TypeError naming the argument. */
export function operandTensor(op: string, arg: string, v: unknown): AnyTensor | null {
  if (Tensor.isTensor(v)) return v as AnyTensor;
  if (typeof v === "number") return null;
  throw new TypeError(notAnOperand(op, arg, v === null ? "null" : typeof v));
}

/** An operand in the output's dtype: a tensor as is, a number as a one-element array (rounded to float32 there, as PyTorch casts it). */
export function sideOf(v: unknown, t: AnyTensor | null, dtype: DType): Side {
  // read on first use, so an op that takes a backend kernel never copies a resident tensor out (src/tensor/resident.ts)
  if (t !== null) {
    return {
      get data() {
        return t.data;
      },
      shape: t.shape,
      tensor: t,
    };
  }
  const data = allocate(dtype, 1);
  data[0] = v as number;
  return { data, shape: [], tensor: null };
}

/**
 * An operand as the forward computes with it: a number is its side's one element (rounded to float32 there), so a
 * bound rule re-running the op in float64 bounds the op the kernels ran. Tensors pass through.
 */
export function asComputed(v: Operand, side: Side): Operand {
  return side.tensor === null ? side.data[0]! : v;
}

/**
 * Runtime twin of BinaryChecks, in the same order: one tensor at least, the broadcast (the compiler's sentence),
 * then one dtype. Shapes are read once here.
 */
export function planBinary(op: string, a: unknown, b: unknown): BinaryPlan {
  const ta = operandTensor(op, "a", a);
  const tb = operandTensor(op, "b", b);
  if (ta === null && tb === null) throw new ShapeError(needsTensor(op));
  const shape = broadcastShapes(op, ta === null ? [] : ta.shape, tb === null ? [] : tb.shape);
  if (ta !== null && tb !== null) requireDType(op, "b", "a", ta.dtype, tb.dtype);
  const dtype = (ta ?? tb)!.dtype;
  const size = sizeOf(shape);
  requireElementCount(op, "the result", size);
  return { shape, dtype, size, a: sideOf(a, ta, dtype), b: sideOf(b, tb, dtype) };
}

/** A fresh tensor of the plan's output shape over `data`. */
export function wrapOut(shape: readonly number[], dtype: DType, data: AnyArray): AnyTensor {
  return Tensor.wrap(shape, dtype, data);
}
