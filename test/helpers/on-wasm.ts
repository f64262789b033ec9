/**
 * Makes the file's shared wasm backend (test/wasm/shared-backends.ts) current, typed with its resident heap's
 * counters; the backend current before the file's tests is restored after them. Import from a test file: the
 * afterAll hook then belongs to that file.
 */
import { afterAll } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { WasmBackend } from "../../src/wasm/index.js";
import { sharedWasmBackend } from "../wasm/shared-backends.js";

export type ResidentWasmBackend = WasmBackend & { readonly residentBlocks: number; readonly residentBytes: number };

const previous = currentBackend();
afterAll(() => void useBackend(previous));

export async function onWasm(threads: number): Promise<ResidentWasmBackend> {
  const be = (await sharedWasmBackend(threads)) as ResidentWasmBackend;
  useBackend(be);
  return be;
}
