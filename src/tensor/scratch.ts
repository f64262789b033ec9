import type { DType } from "../../types/tensor/shape.js";
import { allocate, type ArrayFor } from "./tensor.js";

/**
 * Buffers an op keeps to itself (never a tensor anyone else holds), handed back the moment the op knows they are
 * dead, so the next op of that size reuses them instead of taking fresh memory. A fresh array costs a page fault
 * per 4 KiB when first written (12 µs each on some virtual machines; docs/performance.md, "Page faults"), and JS
 * frees dead arrays only at a later garbage collection. Attention's scores are the user: 2 MiB per layer at a
 * transformer's sizes, made and dropped every step. Contents are not cleared: a taker overwrites what it reads.
 */
const free = new Map<string, (Float32Array | Float64Array)[]>();
let heldBytes = 0;
/** What the pool keeps at most; a buffer given back beyond it is left to the garbage collector. */
const MAX_HELD_BYTES = 64 * 2 ** 20;

const keyOf = (dtype: DType, size: number): string => `${dtype} ${size}`;

/** A buffer of `size` elements of `dtype` with arbitrary contents: one given back earlier, else a fresh one. */
export function takeScratch<D extends DType>(dtype: D, size: number): ArrayFor<D> {
  const list = free.get(keyOf(dtype, size));
  const reused = list?.pop();
  if (reused === undefined) return allocate(dtype, size);
  heldBytes -= reused.byteLength;
  return reused as ArrayFor<D>;
}

/** Gives back a buffer from `takeScratch` that nothing reads any more (the caller's promise). */
export function giveScratch(buffer: Float32Array | Float64Array): void {
  if (heldBytes + buffer.byteLength > MAX_HELD_BYTES || buffer.length === 0) return;
  const dtype: DType = buffer instanceof Float64Array ? "float64" : "float32";
  const key = keyOf(dtype, buffer.length);
  const list = free.get(key);
  if (list === undefined) free.set(key, [buffer]);
  else list.push(buffer);
  heldBytes += buffer.byteLength;
}

/** Bytes the pool holds now (for tests). */
export function scratchHeldBytes(): number {
  return heldBytes;
}
