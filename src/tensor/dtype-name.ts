import type { DType } from "../../types/tensor/shape.js";
import { DTypeError } from "../errors.js";

/** The dtypes a tensor can have; each is backed by its own typed array. */
export const DTYPES: readonly DType[] = ["float32", "float64"];

/**
 * Checks a dtype a caller passed (an option, a constructor argument): anything but "float32" or "float64" (say
 * "float16", which would label a Float32Array) is a DTypeError naming where it was given.
 */
export function requireDTypeName(op: string, arg: string, value: unknown): asserts value is DType {
  if (!(DTYPES as readonly unknown[]).includes(value)) {
    const got = typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : typeof value;
    throw new DTypeError(`${op}: ${arg} must be one of ${DTYPES.map((d) => JSON.stringify(d)).join(", ")}, got ${got}`);
  }
}
