/** One wasm backend per thread count for the whole test file (workers start once, not per test). */
import { createWasmBackend, type WasmBackend } from "../../src/wasm/index.js";

const cache = new Map<number, Promise<WasmBackend>>();

export function sharedWasmBackend(threads: number): Promise<WasmBackend> {
  let p = cache.get(threads);
  if (p === undefined) {
    p = createWasmBackend({ threads });
    cache.set(threads, p);
  }
  return p;
}
