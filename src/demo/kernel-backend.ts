import { useBackend } from "../backend.js";
import type { KernelBackend } from "../kernels/backend.js";
import { jsBackend } from "../kernels/js-backend.js";
import { createWasmBackend } from "../wasm/index.js";

/** Which kernels to run on: the WebAssembly SIMD backend (falls back to "js" when it cannot start) or pure TypeScript. */
export type BackendChoice = "wasm" | "js";

export const backendChoices: readonly BackendChoice[] = ["wasm", "js"];

/** A backend made active by `activateBackend`; `release()` restores the previous one and stops wasm workers. */
export interface ActiveBackend {
  readonly name: string;
  /** Why "wasm" was asked for but "js" runs, when that happened. */
  readonly fallbackReason: string | undefined;
  release(): void;
}

/**
 * Makes `choice` the active kernel backend. `threads` is the wasm backend's thread count (the calling thread
 * included); 1 avoids cross-thread hand-offs, which cost more than they save on small images or a busy machine.
 */
export async function activateBackend(choice: BackendChoice, threads: number): Promise<ActiveBackend> {
  let backend: KernelBackend = jsBackend;
  let close = (): void => undefined;
  let fallbackReason: string | undefined;
  if (choice === "wasm") {
    try {
      const wasm = await createWasmBackend({ threads });
      backend = wasm;
      close = () => wasm.close();
    } catch (error) {
      fallbackReason = error instanceof Error ? error.message : String(error);
    }
  }
  const previous = useBackend(backend);
  let released = false;
  return {
    name: backend.name,
    fallbackReason,
    release(): void {
      if (released) return;
      released = true;
      useBackend(previous);
      close();
    },
  };
}
