import type { Printable } from "../../../types/messages/printable.js";
import type {
  GroupsDoNotDivide,
  GroupsNotPositive,
  IndexOutOfRange,
  NormalizedShapeEmpty,
  NormalizedShapeTooLong,
  NotWhole,
} from "../../../types/ops/norm/messages.js";

// Runtime twins of types/ops/norm/messages.ts: each return type IS the message type.

export function normalizedShapeEmpty<Op extends string>(op: Op): NormalizedShapeEmpty<Op> {
  return `${op}: normalizedShape must have at least one axis`;
}

export function normalizedShapeTooLong<Op extends string, Axes extends Printable, Rank extends Printable>(
  op: Op,
  axes: Axes,
  rank: Rank,
): NormalizedShapeTooLong<Op, Axes, Rank> {
  return `${op}: normalizedShape has ${axes} axes but x has rank ${rank}`;
}

export function groupsNotPositive<Op extends string, Got extends Printable>(op: Op, got: Got): GroupsNotPositive<Op, Got> {
  return `${op}: numGroups must be a positive integer, got ${got}`;
}

export function groupsDoNotDivide<Op extends string, C extends Printable, G extends Printable>(op: Op, c: C, g: G): GroupsDoNotDivide<Op, C, G> {
  return `${op}: x's channel axis ${c} must be divisible by numGroups ${g}`;
}

export function indexOutOfRange<Op extends string, What extends string, I extends Printable, V extends Printable>(
  op: Op,
  what: What,
  i: I,
  v: V,
): IndexOutOfRange<Op, What, I, V> {
  return `${op}: ${what} ${i} is out of range for V = ${v}`;
}

export function notWhole<Op extends string, What extends string, I extends Printable>(op: Op, what: What, i: I): NotWhole<Op, What, I> {
  return `${op}: ${what} ${i} must be a whole number`;
}
