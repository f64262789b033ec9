import { ShapeError } from "../errors.js";

/**
 * The most elements one tensor may have: 2^30. WebAssembly's 32-bit memory (4 GiB) holds at most 2^30 float32
 * values, so a larger tensor could never reach the wasm backend; and it keeps a careless size (`zeros([65536,
 * 65536])`, a conv padded by 16000) a clear error instead of a multi-gigabyte allocation, a hang or V8's
 * `Invalid typed array length`. PyTorch has no such limit: this is a deliberate difference (docs/reliability.md).
 */
export const MAX_ELEMENTS = 2 ** 30;

/** The one sentence for a size over MAX_ELEMENTS: `${op}: ${what} would have N elements, more than the limit of 2^30 (1073741824)`. */
export function tooManyElements(op: string, what: string, count: number): string {
  return `${op}: ${what} would have ${count} elements, more than the limit of 2^30 (${MAX_ELEMENTS}) per tensor`;
}

/** Throws before allocating when `count` elements exceed MAX_ELEMENTS (the one check every allocation goes through). */
export function requireElementCount(op: string, what: string, count: number): void {
  if (!(count <= MAX_ELEMENTS)) throw new ShapeError(tooManyElements(op, what, count));
}
