/**
 * One wasm backend per (thread count, Winograd use) per test file (workers start once, not per test), closed after
 * the file's tests so no worker outlives it. Import from a test file (or a helper it imports): the
 * afterAll hook then belongs to that file.
 */
import { afterAll } from "vitest";
import { type RelaxedSimdUse, createWasmBackend, type WasmBackend, type WinogradUse } from "../../src/wasm/index.js";

/** The kernel build this vitest project tests: SHAPEPROOF_TEST_RELAXED_SIMD (vitest.config.ts), else the default. */
export const testRelaxedSimd: RelaxedSimdUse = relaxedSimdUse(process.env["SHAPEPROOF_TEST_RELAXED_SIMD"] ?? "auto");

function relaxedSimdUse(s: string): RelaxedSimdUse {
  if (s === "auto" || s === "engine" || s === "never") return s;
  throw new Error(`SHAPEPROOF_TEST_RELAXED_SIMD must be auto, engine or never, got ${s}`);
}

const cache = new Map<string, Promise<WasmBackend>>();

export function sharedWasmBackend(threads: number, winograd: WinogradUse = "auto"): Promise<WasmBackend> {
  const key = `${threads}/${winograd}`;
  let p = cache.get(key);
  if (p === undefined) {
    p = createWasmBackend({ threads, winograd, relaxedSimd: testRelaxedSimd });
    cache.set(key, p);
  }
  return p;
}

afterAll(async () => {
  const open = [...cache.values()];
  cache.clear();
  for (const be of await Promise.all(open)) be.close();
});
