/**
 * One wasm backend per thread count per test file (workers start once, not per test), closed after
 * the file's tests so no worker outlives it. Import from a test file (or a helper it imports): the
 * afterAll hook then belongs to that file.
 */
import { afterAll } from "vitest";
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

afterAll(async () => {
  const open = [...cache.values()];
  cache.clear();
  for (const be of await Promise.all(open)) be.close();
});
