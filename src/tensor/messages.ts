import type { AxisMismatch, AxisOutOfRange, BadRank, CannotBroadcast, DataLengthMismatch, EmptyTensor } from "../../types/tensor/messages.js";

// Runtime twins of types/tensor/messages.ts: each return type IS the message type.

export function dataLengthMismatch<Op extends string, Shape extends string, Expected extends number, Got extends number>(
  op: Op,
  shape: Shape,
  expected: Expected,
  got: Got,
): DataLengthMismatch<Op, Shape, Expected, Got> {
  return `${op}: data has ${got} elements but shape ${shape} needs ${expected}`;
}

export function axisMismatch<Op extends string, What extends string, A extends number, B extends number>(
  op: Op,
  what: What,
  a: A,
  b: B,
): AxisMismatch<Op, What, A, B> {
  return `${op}: ${what} must match: ${a} vs ${b}`;
}

export function badRank<Op extends string, Arg extends string, Expected extends string, Got extends number>(
  op: Op,
  arg: Arg,
  expected: Expected,
  got: Got,
): BadRank<Op, Arg, Expected, Got> {
  return `${op}: ${arg} must be ${expected}, got rank ${got}`;
}

export function emptyTensor<Op extends string, Arg extends string, Shape extends string>(
  op: Op,
  arg: Arg,
  shape: Shape,
): EmptyTensor<Op, Arg, Shape> {
  return `${op}: ${arg} must not be empty, got shape ${shape}`;
}

/**
 * An axis that is not a number at all, which only untyped code can pass (the compiler wants a number): a list of
 * dims (PyTorch 2 lets `squeeze` take a tuple; here each op takes one axis), a string, undefined.
 */
export function axisNotANumber(op: string, got: unknown): string {
  const what = Array.isArray(got) ? `a list [${got.join(", ")}]` : got === null ? "null" : typeof got;
  return `${op}: the axis must be one integer, got ${what}`;
}

export function axisOutOfRange<Op extends string, Axis extends number, Rank extends number>(
  op: Op,
  axis: Axis,
  rank: Rank,
): AxisOutOfRange<Op, Axis, Rank> {
  return `${op}: axis ${axis} is out of range for rank ${rank}`;
}

export function cannotBroadcast<Op extends string, Axis extends number, A extends number, B extends number>(
  op: Op,
  axis: Axis,
  a: A,
  b: B,
): CannotBroadcast<Op, Axis, A, B> {
  return `${op}: cannot broadcast axis ${axis}: ${a} vs ${b}`;
}
