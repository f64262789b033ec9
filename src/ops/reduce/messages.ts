import type { DuplicateDim, EmptyReduction } from "../../../types/ops/reduce/messages.js";

// Runtime twins of types/ops/reduce/messages.ts: each return type IS the message type.

export function duplicateDim<Op extends string, Axis extends number>(op: Op, axis: Axis): DuplicateDim<Op, Axis> {
  return `${op}: axis ${axis} appears twice in dim`;
}

export function emptyReduction<Op extends string, Axis extends number>(op: Op, axis: Axis): EmptyReduction<Op, Axis> {
  return `${op}: axis ${axis} to reduce has size 0; ${op} needs at least one element`;
}
