import type { DTypeMismatch, NoTensors } from "../../types/ops/messages.js";

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
