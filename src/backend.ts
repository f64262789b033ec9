import type { KernelBackend } from "./kernels/backend.js";
import { checkedBackend } from "./kernels/checked-backend.js";
import { jsBackend } from "./kernels/js-backend.js";

let active: KernelBackend = jsBackend;
let guarded: KernelBackend = checkedBackend(jsBackend);

/**
 * The backend every typed op runs on. Pure TypeScript until a faster one is chosen. It is the chosen backend
 * behind the kernel-boundary guard (`checkedBackend`): each call's array lengths are checked against its geometry
 * first, so no backend ever reads or writes past what a tensor holds.
 */
export function currentBackend(): KernelBackend {
  return guarded;
}

/** Run every later op on `backend` (e.g. the WebAssembly SIMD backend); returns the previous one. */
export function useBackend(backend: KernelBackend): KernelBackend {
  const previous = active;
  active = backend;
  guarded = checkedBackend(backend);
  return previous;
}
