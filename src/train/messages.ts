/** Error message builders for src/train (one place, so tests and docs can rely on the wording). */
import type { BroadcastMismatch, ClassWeightMismatch, LossBadRank, ShapeMismatch } from "../../types/train/messages.js";

import { formatShape } from "../tensor/format-shape.js";

export { formatShape };

export function shapeMismatch<Op extends string, Arg extends string, Ref extends string>(
  op: Op,
  argument: Arg,
  got: readonly number[],
  reference: Ref,
  want: readonly number[],
): ShapeMismatch<Op, Arg, string, Ref, string> {
  return `${op}: ${argument} shape ${formatShape(got)} does not match ${reference} shape ${formatShape(want)}`;
}

export function badRank<Op extends string, Arg extends string, Expected extends string>(
  op: Op,
  argument: Arg,
  got: readonly number[],
  expected: Expected,
): LossBadRank<Op, Arg, Expected, string> {
  return `${op}: ${argument} must have shape ${expected}, got ${formatShape(got)}`;
}

export function badClassTarget(op: string, index: number, value: number, classes: number): string {
  return `${op}: target[${index}] is ${value}, but class targets must be integers in [0, ${classes})`;
}

export function classWeightMismatch<Op extends string, Arg extends string>(
  op: Op,
  argument: Arg,
  classes: number,
  got: readonly number[],
): ClassWeightMismatch<Op, Arg, string, string> {
  return `${op}: ${argument} must have shape [${classes}] (one weight per class), got ${formatShape(got)}`;
}

export function broadcastMismatch<Op extends string, Arg extends string, Ref extends string>(
  op: Op,
  argument: Arg,
  got: readonly number[],
  reference: Ref,
  want: readonly number[],
): BroadcastMismatch<Op, Arg, string, Ref, string> {
  return `${op}: ${argument} shape ${formatShape(got)} does not broadcast to ${reference} shape ${formatShape(want)}`;
}

/** `allowed` lists the reductions the loss supports, e.g. `"mean", "sum" or "none"`. */
export function badReduction(op: string, allowed: string, got: unknown): string {
  return `${op}: reduction must be ${allowed}, got ${JSON.stringify(got)}`;
}

export function badHyper(op: string, name: string, rule: string, got: unknown): string {
  return `${op}: ${name} must be ${rule}, got ${String(got)}`;
}
