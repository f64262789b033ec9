import type { KernelBackend } from "./kernels/backend.js";
import { jsBackend } from "./kernels/js-backend.js";

let active: KernelBackend = jsBackend;

/** The backend every typed op runs on. Pure TypeScript until a faster one is chosen. */
export function currentBackend(): KernelBackend {
  return active;
}

/** Run every later op on `backend` (e.g. the WebAssembly SIMD backend); returns the previous one. */
export function useBackend(backend: KernelBackend): KernelBackend {
  const previous = active;
  active = backend;
  return previous;
}
