import type {
  FlattenOrder,
  NarrowPastEnd,
  NarrowStart,
  SelectIndex,
  NewAxisOutOfRange,
  PermuteLength,
  PermuteRepeat,
  ReshapeBadDim,
  ReshapeCannotSplit,
  ReshapeCountMismatch,
  ReshapeTwoInferred,
  StackShapeMismatch,
} from "../../../types/ops/shape/messages.js";

// Runtime twins of types/ops/shape/messages.ts: each return type IS the message type.

export function reshapeCountMismatch<Op extends string, Target extends string, Count extends number, XCount extends number>(
  op: Op,
  target: Target,
  count: Count,
  xCount: XCount,
): ReshapeCountMismatch<Op, Target, Count, XCount> {
  return `${op}: shape ${target} has ${count} elements but x has ${xCount}`;
}

export function reshapeTwoInferred<Op extends string>(op: Op): ReshapeTwoInferred<Op> {
  return `${op}: only one axis may be -1`;
}

export function reshapeCannotSplit<Op extends string, XCount extends number, Target extends string>(
  op: Op,
  xCount: XCount,
  target: Target,
): ReshapeCannotSplit<Op, XCount, Target> {
  return `${op}: ${xCount} elements cannot be split into ${target}`;
}

export function reshapeBadDim<Op extends string, Index extends number, Got extends string | number>(
  op: Op,
  index: Index,
  got: Got,
): ReshapeBadDim<Op, Index, Got> {
  return `${op}: shape dim ${index} must be a natural number or -1, got ${got}`;
}

export function newAxisOutOfRange<Op extends string, Axis extends number, Rank extends number, Low extends string, High extends number>(
  op: Op,
  axis: Axis,
  rank: Rank,
  low: Low,
  high: High,
): NewAxisOutOfRange<Op, Axis, Rank, Low, High> {
  return `${op}: new axis ${axis} is out of range [${low}, ${high}] for rank ${rank}`;
}

export function flattenOrder<Op extends string, Start extends number, End extends number>(
  op: Op,
  start: Start,
  end: End,
): FlattenOrder<Op, Start, End> {
  return `${op}: startDim (axis ${start}) must not come after endDim (axis ${end})`;
}

export function permuteLength<Op extends string, Got extends number, Rank extends number>(
  op: Op,
  got: Got,
  rank: Rank,
): PermuteLength<Op, Got, Rank> {
  return `${op}: dims has ${got} entries but x has rank ${rank}`;
}

export function permuteRepeat<Op extends string, Axis extends number, Dims extends string>(
  op: Op,
  axis: Axis,
  dims: Dims,
): PermuteRepeat<Op, Axis, Dims> {
  return `${op}: axis ${axis} appears twice in dims ${dims}`;
}

export function narrowStart<Op extends string, Start extends number, Axis extends number, Size extends number>(
  op: Op,
  start: Start,
  axis: Axis,
  size: Size,
): NarrowStart<Op, Start, Axis, Size> {
  return `${op}: start ${start} is out of range for axis ${axis} of size ${size}`;
}

export function narrowPastEnd<Op extends string, Start extends number, Length extends number, Axis extends number, Size extends number>(
  op: Op,
  start: Start,
  length: Length,
  axis: Axis,
  size: Size,
): NarrowPastEnd<Op, Start, Length, Axis, Size> {
  return `${op}: start ${start} + length ${length} exceeds axis ${axis} of size ${size}`;
}

export function stackShapeMismatch<Op extends string, Index extends number, Got extends string, First extends string>(
  op: Op,
  index: Index,
  got: Got,
  first: First,
): StackShapeMismatch<Op, Index, Got, First> {
  return `${op}: tensor ${index} has shape ${got} but tensor 0 has ${first}`;
}

export function selectIndex<Op extends string, Index extends number, Axis extends number, Size extends number>(
  op: Op,
  index: Index,
  axis: Axis,
  size: Size,
): SelectIndex<Op, Index, Axis, Size> {
  return `${op}: index ${index} is out of range for axis ${axis} of size ${size}`;
}
