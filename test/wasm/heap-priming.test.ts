/**
 * Inside tidy the WebAssembly backend's outputs are blocks of its memory, so a process may never allocate a JS
 * tensor large enough to prime glibc's thresholds (src/tensor/heap-thresholds.ts) while the JS arrays that remain
 * (max-pool indices, copies out) still fault their pages in: creating the backend primes them.
 */
import { expect, it } from "vitest";
import { heapThresholdsPrimed } from "../../src/tensor/heap-thresholds.js";
import { createWasmBackend } from "../../src/wasm/index.js";

it("createWasmBackend primes the heap thresholds", async () => {
  // each test file runs in a fresh module graph: nothing has primed them here yet
  expect(heapThresholdsPrimed()).toBe(false);
  const be = await createWasmBackend({ threads: 1 });
  be.close();
  expect(heapThresholdsPrimed()).toBe(true);
});
