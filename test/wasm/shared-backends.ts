/**
 * One wasm backend per (thread count, Winograd use) per test file (workers start once, not per test), closed after
 * the file's tests so no worker outlives it. Import from a test file (or a helper it imports): the
 * afterAll hook then belongs to that file.
 */
import { afterAll } from "vitest";
import { createWasmBackend, type WasmBackend, type WinogradUse } from "../../src/wasm/index.js";

const cache = new Map<string, Promise<WasmBackend>>();

export function sharedWasmBackend(threads: number, winograd: WinogradUse = "auto"): Promise<WasmBackend> {
  const key = `${threads}/${winograd}`;
  let p = cache.get(key);
  if (p === undefined) {
    p = createWasmBackend({ threads, winograd });
    cache.set(key, p);
  }
  return p;
}

afterAll(async () => {
  const open = [...cache.values()];
  cache.clear();
  for (const be of await Promise.all(open)) be.close();
});
