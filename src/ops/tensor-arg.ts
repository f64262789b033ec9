import type { DType, Shape } from "../../types/tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * The tensor itself, or a TypeError naming the op and argument: the one check ops make of a tensor argument the
 * types were bypassed for. A brand check, so a look-alike `{ shape, dtype, data }` (whose shape could claim more
 * than its data holds) is refused too.
 */
export function requireTensor(op: string, arg: string, x: unknown): Tensor<Shape, DType> {
  if (!Tensor.isTensor(x)) throw new TypeError(notATensor(op, arg, x));
  return x;
}

/**
 * The safety net every op passes through (`record` calls it with the op's inputs): an op without its own
 * `requireTensor` call still refuses a look-alike before its result is returned, naming the input by position.
 */
export function requireTensorInputs(op: string, inputs: readonly unknown[]): void {
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    if (x !== null && x !== undefined && !Tensor.isTensor(x)) throw new TypeError(notATensor(op, `input ${i}`, x));
  }
}

function notATensor(op: string, arg: string, x: unknown): string {
  const got =
    x === null ? "null" : Array.isArray(x) ? "an array" : typeof x === "object" ? "a plain object (not made by tensor, zeros, ...)" : typeof x;
  return `${op}: ${arg} must be a Tensor, got ${got}`;
}
