import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { badReduction, shapeMismatch } from "../messages.js";

/** How per-element losses are combined: "mean" (PyTorch's default) or "sum". */
export type Reduction = "mean" | "sum";

export interface LossOptions {
  /** Default "mean", as PyTorch. */
  readonly reduction?: Reduction;
}

/** A loss value and the gradient of that (reduced) loss with respect to the logits / predictions. */
export interface LossResult<S extends Shape, D extends DType> {
  readonly loss: number;
  readonly grad: Tensor<S, D>;
}

export function reductionOf(op: string, options: LossOptions | undefined): Reduction {
  const r = options?.reduction ?? "mean";
  if (r !== "mean" && r !== "sum") throw new RangeError(badReduction(op, r));
  return r;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws a ShapeError naming the loss, the argument and both shapes when they differ. */
export function checkSameShape(op: string, argument: string, got: readonly number[], reference: string, want: readonly number[]): void {
  if (!sameShape(got, want)) throw new ShapeError(shapeMismatch(op, argument, got, reference, want));
}

/** σ(x) without overflow for either sign. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
