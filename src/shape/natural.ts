import { ShapeError } from "../errors.js";
import { notNatural, tooLarge } from "../messages/nat.js";
import { notPositive, outputTooLarge } from "../messages/shape.js";

// Runtime side of the natural-number checks. Formulas run on bigint so that, like the digit
// arithmetic of the type level, intermediate values past 2^53 are exact.

/** h as a bigint, or a ShapeError with the same message as ParseNat: `${where} must be ...`. */
export function toNat(value: number, where: string): bigint {
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < 0) {
    throw new ShapeError(notNatural(where, value));
  }
  if (value > Number.MAX_SAFE_INTEGER) {
    throw new ShapeError(tooLarge(where, value));
  }
  return BigInt(value);
}

/** The input size as a bigint, as ParseInput: a natural number, and not 0 (PyTorch rejects empty spatial input). */
export function toInputSize(h: number, op: string, axis: string): bigint {
  const H = toNat(h, `${op}: axis ${axis}: input size`);
  if (H === 0n) throw new ShapeError(notPositive(op, axis, "input size", 0));
  return H;
}

/** Validates [value, name] pairs in order, as ParseParams does; the first failure throws. */
export function toNats(values: readonly (readonly [number, string])[], op: string, axis: string): bigint[] {
  return values.map(([v, name]) => toNat(v, `${op}: axis ${axis}: ${name}`));
}

/** A final size as a number, or OutputTooLarge past 2^53 - 1. */
export function sizeResult(out: bigint, op: string, axis: string): number {
  if (out > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ShapeError(outputTooLarge(op, axis, out));
  }
  return Number(out);
}

/** Same padding: stride 1, dilation 1, K = 2P + 1. */
export function isSamePadding(k: bigint, s: bigint, p: bigint, d: bigint): boolean {
  return s === 1n && d === 1n && k === 2n * p + 1n;
}
