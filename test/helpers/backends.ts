import type { KernelBackend } from "../../src/kernels/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { sharedWasmBackend } from "../wasm/shared-backends.js";

/**
 * Every kernel backend the golden and property tests run against.
 * Each entry is created lazily so a backend that needs async setup (WebAssembly, workers) can join;
 * the wasm backends are shared by a test file's tests and closed after them (see shared-backends.ts).
 * The wasm backend runs Float32Array calls in WebAssembly and delegates Float64Array calls to js.
 */
export interface BackendUnderTest {
  readonly name: string;
  readonly create: () => Promise<KernelBackend>;
}

export const backendsUnderTest: BackendUnderTest[] = [
  { name: "js", create: async () => jsBackend },
  { name: "wasm 1 thread", create: () => sharedWasmBackend(1) },
  { name: "wasm 2 threads", create: () => sharedWasmBackend(2) },
  // The golden and property cases have too few channels for "auto" to pick Winograd: force it so they cover it too.
  { name: "wasm 2 threads, Winograd always", create: () => sharedWasmBackend(2, "always") },
];
