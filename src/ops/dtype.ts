import type { DType } from "../../types/tensor/shape.js";
import { DTypeError } from "../errors.js";
import { dtypeMismatch } from "./messages.js";

/** Runtime twin of `DTypeCheck`: every tensor of one call shares the reference's dtype (kernels never mix arrays); DTypeError. */
export function requireDType(op: string, arg: string, ref: string, expected: DType, got: DType): void {
  if (got !== expected) throw new DTypeError(dtypeMismatch(op, arg, ref, expected, got));
}

/**
 * A model's forward: x must have the model's dtype, then every tensor of its state dict x's, so a mismatch names the
 * model's public op and the tensor's state_dict path (`UNet2 forward: down1_1.weight must be float64 like x, got
 * float32`), not the fused op the model calls inside.
 */
export function requireModelDTypes(op: string, model: DType, x: DType, state: Readonly<Record<string, { readonly dtype: DType }>>): void {
  requireDType(op, "x", "the model's parameters", model, x);
  for (const [name, t] of Object.entries(state)) requireDType(op, name, "x", x, t.dtype);
}
