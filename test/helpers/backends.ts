import type { KernelBackend } from "../../src/kernels/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";

/**
 * Every kernel backend the golden and property tests run against.
 * Each entry is created lazily so a backend that needs async setup (WebAssembly, workers) can join.
 */
export interface BackendUnderTest {
  readonly name: string;
  readonly create: () => Promise<KernelBackend>;
}

export const backendsUnderTest: BackendUnderTest[] = [
  { name: "js", create: async () => jsBackend },
];
