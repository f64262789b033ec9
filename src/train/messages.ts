/** Error message builders for src/train (one place, so tests and docs can rely on the wording). */
import type { LossBadRank, ShapeMismatch } from "../../types/train/messages.js";

/** `[2, 3]`-style rendering of a shape. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

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

export function badReduction(op: string, got: unknown): string {
  return `${op}: reduction must be "mean" or "sum", got ${JSON.stringify(got)}`;
}
