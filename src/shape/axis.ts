import { ShapeError } from "../errors.js";
import { axisNotANumber, axisOutOfRange } from "../tensor/messages.js";

/** Runtime twin of NormalizeAxis: PyTorch's dim wrapping, axis in [-rank, rank). */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (typeof axis !== "number") throw new TypeError(axisNotANumber(op, axis));
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new ShapeError(axisOutOfRange(op, axis, rank));
  return axis < 0 ? axis + rank : axis;
}
