import type { DType } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import { dtypeMismatch } from "./messages.js";

/** Runtime twin of `DTypeCheck`: every tensor of one call shares the reference's dtype (kernels never mix arrays). */
export function requireDType(op: string, arg: string, ref: string, expected: DType, got: DType): void {
  if (got !== expected) throw new ShapeError(dtypeMismatch(op, arg, ref, expected, got));
}
