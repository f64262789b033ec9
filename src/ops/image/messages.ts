import type { AlignCornersNearest, SizeOrScale, UnknownMode } from "../../../types/ops/image/messages.js";

// Runtime twins of types/ops/image/messages.ts: each return type IS the message type.

export function sizeOrScale<Op extends string, Got extends "both" | "neither">(op: Op, got: Got): SizeOrScale<Op, Got> {
  return `${op}: give exactly one of size and scaleFactor, got ${got}`;
}

export function alignCornersNearest<Op extends string>(op: Op): AlignCornersNearest<Op> {
  return `${op}: alignCorners can only be set with mode bilinear, not nearest`;
}

export function unknownMode<Op extends string, Mode extends string>(op: Op, mode: Mode): UnknownMode<Op, Mode> {
  return `${op}: unknown mode ${mode}; the modes are nearest, bilinear`;
}
