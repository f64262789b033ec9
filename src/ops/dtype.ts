import type { DType } from "../../types/tensor/shape.js";
import { DTypeError } from "../errors.js";
import { dtypeMismatch } from "./messages.js";

/** Runtime twin of `DTypeCheck`: every tensor of one call shares the reference's dtype (kernels never mix arrays); DTypeError. */
export function requireDType(op: string, arg: string, ref: string, expected: DType, got: DType): void {
  if (got !== expected) throw new DTypeError(dtypeMismatch(op, arg, ref, expected, got));
}
