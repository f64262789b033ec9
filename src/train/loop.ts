import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import { createRng } from "../random.js";
import type { Rng } from "../random.js";
import { Tensor, allocate } from "../tensor/tensor.js";
import { formatShape } from "./messages.js";

/** Shuffles `items` in place with Fisher–Yates driven by `rng`; returns the same array. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/** A seeded random permutation of `0 … n−1` (Fisher–Yates with `createRng(seed)`). */
export function permutation(n: number, seed: number): number[] {
  checkCount("permutation", "n", n);
  return shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    createRng(seed),
  );
}

/**
 * The seed for one epoch: `seed` and `epoch` mixed with a 32-bit finaliser (murmur3's fmix32), so epochs of
 * one run, and runs with nearby seeds, get unrelated orders. (createRng keeps 32 bits of seed, so 32 suffice.)
 */
export function epochSeed(seed: number, epoch: number): number {
  const s = ((seed >>> 0) ^ Math.floor(seed / 2 ** 32)) >>> 0;
  return fmix32(s ^ fmix32((epoch >>> 0) + 0x9e3779b9));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** How `batches` splits indices: shuffling seed, epoch, and whether to drop a short last batch. */
export interface BatchesOptions {
  /** Shuffle with this seed; omitted → indices in order. */
  readonly seed?: number;
  /** Epoch number (default 0); with a seed, each epoch has its own order, reproducible from (seed, epoch). */
  readonly epoch?: number;
  /** Drop the last batch when it is smaller than batchSize (default false). */
  readonly dropLast?: boolean;
}

/**
 * Mini-batches of indices into a data set of n items: every index exactly once per epoch (except a short last
 * batch when `dropLast`), in a seeded shuffled order when `seed` is given.
 */
export function* batches(n: number, batchSize: number, options: BatchesOptions = {}): Generator<number[], void, undefined> {
  checkCount("batches", "n", n);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batches: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const { seed, epoch = 0, dropLast = false } = options;
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`batches: epoch must be an integer ≥ 0, got ${epoch}`);
  const order =
    seed === undefined
      ? Array.from({ length: n }, (_, i) => i)
      : shuffleInPlace(
          Array.from({ length: n }, (_, i) => i),
          createRng(epochSeed(seed, epoch)),
        );
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n);
    if (dropLast && end - start < batchSize) return;
    yield order.slice(start, end);
  }
}

/** Number of batches `batches(n, batchSize, { dropLast })` yields. */
export function batchCount(n: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/**
 * Gathers items `indices` along the leading axis of `t` (shape `(N, ...rest)`) into a new tensor of shape
 * `(indices.length, ...rest)`: how a mini-batch is cut out of a data set.
 */
export function takeRows<R extends Shape, D extends DType>(
  t: Tensor<readonly [number, ...R], D>,
  indices: readonly number[],
): Tensor<[number, ...R], D> {
  const shape: readonly number[] = t.shape;
  if (shape.length < 1) throw new ShapeError(`takeRows: tensor must have a leading axis, got shape ${formatShape(shape)}`);
  const n = shape[0]!;
  const row = n === 0 ? 0 : t.data.length / n;
  const out = allocate(t.dtype, indices.length * row);
  indices.forEach((k, j) => {
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`takeRows: index ${k} out of range for ${n} rows`);
    out.set(t.data.subarray(k * row, (k + 1) * row), j * row);
  });
  const rest = t.shape.slice(1) as unknown as R;
  return Tensor.wrap([indices.length, ...rest], t.dtype, out);
}

function checkCount(op: string, name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${op}: ${name} must be an integer ≥ 0, got ${n}`);
}
