import { ShapeError } from "../errors.js";
import { axisMismatch, badRank, emptyTensor } from "../tensor/messages.js";

/** An image batch at run time: (C, H, W) is a batch of one without a batch axis. */
export interface ImageDims {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly batched: boolean;
}

/** Splits x's shape the way `SplitImage` does at compile time, with the same messages. */
export function splitImage(op: string, shape: readonly number[]): ImageDims {
  if (shape.length === 3) return { n: 1, c: shape[0]!, h: shape[1]!, w: shape[2]!, batched: false };
  if (shape.length === 4) return { n: shape[0]!, c: shape[1]!, h: shape[2]!, w: shape[3]!, batched: true };
  throw new ShapeError(badRank(op, "x", "(C, H, W) or (N, C, H, W)", shape.length));
}

/**
 * An image may have an empty batch (N = 0, as PyTorch: the result is empty too); an empty C, H or W is rejected
 * up front rather than failing deep in a kernel loop. Called after the shape formulas, so an empty H or W gets
 * their message first, the one the compiler shows.
 */
export function requireNonEmptyImage(op: string, x: ImageDims, shape: readonly number[]): void {
  if (x.c === 0 || x.h === 0 || x.w === 0) throw new ShapeError(emptyTensor(op, "x", `[${shape.join(", ")}]`));
}

/** Empty tensors are rejected up front rather than failing deep in a kernel loop. */
export function requireNonEmpty(op: string, arg: string, shape: readonly number[]): void {
  if (shape.some((d) => d === 0)) throw new ShapeError(emptyTensor(op, arg, `[${shape.join(", ")}]`));
}

export function requireAgree(op: string, what: string, a: number, b: number): void {
  if (a !== b) throw new ShapeError(axisMismatch(op, what, a, b));
}

export function requireRank(op: string, arg: string, expected: string, shape: readonly number[], rank: number): void {
  if (shape.length !== rank) throw new ShapeError(badRank(op, arg, expected, shape.length));
}

/** A hyperparameter as `[h, w]`: one number means both axes (PyTorch's `_pair`). */
export function pairOf(op: string, name: string, value: number | readonly [number, number] | undefined, fallback: number): [number, number] {
  if (value === undefined) return [fallback, fallback];
  const given: unknown = value;
  if (typeof given !== "number" && !Array.isArray(given)) {
    throw new ShapeError(`${op}: ${name} must be a number or [h, w], got ${given === null ? "null" : typeof given}`);
  }
  const pair: readonly number[] = typeof value === "number" ? [value, value] : value;
  if (pair.length !== 2) throw new ShapeError(`${op}: ${name} must be a number or [h, w], got ${pair.length} values`);
  return [pair[0]!, pair[1]!];
}

/** Output shape with x's batch convention. */
export function imageShape(x: ImageDims, c: number, h: number, w: number): number[] {
  return x.batched ? [x.n, c, h, w] : [c, h, w];
}
