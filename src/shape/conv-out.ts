import { ShapeError } from "../errors.js";
import { kernelTooLarge, notPositive } from "../messages/shape.js";
import { isSamePadding, sizeResult, toInputSize, toNats } from "./natural.js";

/** Kernel size, stride and dilation must be positive; same messages as PositiveChecks. */
export function checkPositive(k: bigint, s: bigint, d: bigint, op: string, axis: string): void {
  if (k === 0n) throw new ShapeError(notPositive(op, axis, "kernel size", 0));
  if (s === 0n) throw new ShapeError(notPositive(op, axis, "stride", 0));
  if (d === 0n) throw new ShapeError(notPositive(op, axis, "dilation", 0));
}

/** A window's kernel size, stride, padding and dilation as naturals, checked in ParseParams' then PositiveChecks' order. */
export function windowParams(k: number, s: number, p: number, d: number, op: string, axis: string): [bigint, bigint, bigint, bigint] {
  const [K, S, P, D] = toNats(
    [
      [k, "kernel size"],
      [s, "stride"],
      [p, "padding"],
      [d, "dilation"],
    ],
    op,
    axis,
  ) as [bigint, bigint, bigint, bigint];
  checkPositive(K, S, D, op, axis);
  return [K, S, P, D];
}

/**
 * Runtime twin of ConvOut: floor((h + 2p - d(k - 1) - 1) / s) + 1, with the same checks in
 * the same order and the same messages. Throws ShapeError. Unlike the type, an invalid h
 * throws even under same padding (the type returns H unvalidated there).
 */
export function convOut(h: number, k: number, s = 1, p = 0, d = 1, op = "conv2d", axis = "H"): number {
  const [K, S, P, D] = windowParams(k, s, p, d, op, axis);
  const H = toInputSize(h, op, axis);
  if (isSamePadding(K, S, P, D)) return h;
  const eff = D * (K - 1n) + 1n;
  const padded = H + 2n * P;
  if (eff > padded) throw new ShapeError(kernelTooLarge(op, axis, eff, padded));
  return sizeResult((padded - eff) / S + 1n, op, axis);
}
