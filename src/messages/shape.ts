import type { Printable } from "../../types/messages/printable.js";
import type { KernelTooLarge, NotPositive, OutputPaddingTooLarge, OutputTooLarge, OutputTooSmall, PadTooLarge } from "../../types/messages/shape.js";

// Runtime twins of types/messages/shape.ts: each return type IS the message type.

export function notPositive<Op extends string, Axis extends string, Name extends string, Got extends Printable>(
  op: Op,
  axis: Axis,
  name: Name,
  got: Got,
): NotPositive<Op, Axis, Name, Got> {
  return `${op}: axis ${axis}: ${name} should be greater than zero, but got ${got}`;
}

export function kernelTooLarge<Op extends string, Axis extends string, K extends Printable, In extends Printable>(
  op: Op,
  axis: Axis,
  k: K,
  padded: In,
): KernelTooLarge<Op, Axis, K, In> {
  return `${op}: axis ${axis}: dilated kernel ${k} is larger than padded input ${padded}`;
}

export function padTooLarge<Op extends string, Axis extends string, P extends Printable, K extends Printable>(
  op: Op,
  axis: Axis,
  p: P,
  k: K,
): PadTooLarge<Op, Axis, P, K> {
  return `${op}: axis ${axis}: padding ${p} should be at most half of kernel size ${k}`;
}

export function outputPaddingTooLarge<Op extends string, Axis extends string, OP extends Printable, S extends Printable, D extends Printable>(
  op: Op,
  axis: Axis,
  outputPadding: OP,
  s: S,
  d: D,
): OutputPaddingTooLarge<Op, Axis, OP, S, D> {
  return `${op}: axis ${axis}: output padding ${outputPadding} must be smaller than either stride ${s} or dilation ${d}`;
}

export function outputTooSmall<Op extends string, Axis extends string, In extends Printable, Out extends Printable>(
  op: Op,
  axis: Axis,
  input: In,
  out: Out,
): OutputTooSmall<Op, Axis, In, Out> {
  return `${op}: axis ${axis}: calculated output size ${out} is too small for input size ${input}`;
}

export function outputTooLarge<Op extends string, Axis extends string, Out extends Printable>(
  op: Op,
  axis: Axis,
  out: Out,
): OutputTooLarge<Op, Axis, Out> {
  return `${op}: axis ${axis}: output size ${out} exceeds 2^53 - 1`;
}
