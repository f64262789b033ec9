import type { DTypeMismatch, NeverShape, NoTensors, UnknownOption } from "../../types/ops/messages.js";

// Runtime twins of types/ops/messages.ts: each return type IS the message type.

export function dtypeMismatch<Op extends string, Arg extends string, Ref extends string, Expected extends string, Got extends string>(
  op: Op,
  arg: Arg,
  ref: Ref,
  expected: Expected,
  got: Got,
): DTypeMismatch<Op, Arg, Ref, Expected, Got> {
  return `${op}: ${arg} must be ${expected} like ${ref}, got ${got}`;
}

export function noTensors<Op extends string>(op: Op): NoTensors<Op> {
  return `${op}: needs at least one tensor`;
}

export function unknownOption<Op extends string, Key extends string, Known extends string>(
  op: Op,
  key: Key,
  known: Known,
): UnknownOption<Op, Key, Known> {
  return `${op}: unknown option ${key}; the options are ${known}`;
}

/** The compile-time-only message for a `Tensor<never>` argument (no tensor has that shape at run time). */
export function neverShape<Op extends string, Arg extends string>(op: Op, arg: Arg): NeverShape<Op, Arg> {
  return `${op}: ${arg} has shape never (an earlier error?)`;
}
