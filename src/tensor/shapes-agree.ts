import { ShapeError } from "../errors.js";
import { axisMismatch, axisOutOfRange } from "./messages.js";

const axisNames: Readonly<Record<number, readonly string[]>> = { 3: ["C", "H", "W"], 4: ["N", "C", "H", "W"] };

/** Runtime twin of AxisLabel: "axis 1 (H)" for image ranks, "axis 1" otherwise. */
export function axisLabel(rank: number, axis: number): string {
  const name = axisNames[rank]?.[axis];
  return name === undefined ? `axis ${axis}` : `axis ${axis} (${name})`;
}

/**
 * Runtime twin of ShapesAgree: throws a ShapeError with the same sentence when shapes a and b
 * differ on one of `axes` (the first in the order given), or when one of them lacks the axis.
 */
export function shapesAgree(op: string, a: readonly number[], b: readonly number[], axes: readonly number[]): void {
  for (const k of axes) {
    if (!Number.isInteger(k) || k < 0 || k >= a.length) throw new ShapeError(axisOutOfRange(op, k, a.length));
    if (k >= b.length) throw new ShapeError(axisOutOfRange(op, k, b.length));
    if (a[k] !== b[k]) throw new ShapeError(axisMismatch(op, axisLabel(a.length, k), a[k]!, b[k]!));
  }
}
