/**
 * What the backend needs to know about the JavaScript host it runs in, read from globals only, so this module
 * (and the root entry point) imports no Node built-in and bundles for a browser unchanged: Node's modules are
 * reached through `process.getBuiltinModule` (Node >= 20.16), which exists only in Node.
 */

/**
 * The slice of `node:worker_threads` the Node transport uses, typed here so that no declaration of the package
 * needs @types/node.
 */
export interface NodeWorkerThreads {
  readonly Worker: new (source: string, options: { readonly eval: true; readonly workerData: unknown }) => NodeWorkerHandle;
}

export interface NodeWorkerHandle {
  once(event: "message", listener: (message: unknown) => void): unknown;
  once(event: "error", listener: (error: Error) => void): unknown;
  once(event: "exit", listener: (code: number) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeAllListeners(event: string): unknown;
  unref(): void;
  terminate(): Promise<number>;
}

interface HostGlobals {
  readonly process?: { readonly getBuiltinModule?: (id: string) => unknown };
  readonly navigator?: { readonly hardwareConcurrency?: number };
  readonly crossOriginIsolated?: boolean;
  readonly SharedArrayBuffer?: unknown;
}

const host = globalThis as unknown as HostGlobals;

/** A Node built-in module by name, or undefined outside Node. */
function nodeBuiltin(id: string): unknown {
  return typeof host.process?.getBuiltinModule === "function" ? host.process.getBuiltinModule(id) : undefined;
}

/** `node:worker_threads` when running in Node, else undefined (a browser). */
export function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  return nodeBuiltin("node:worker_threads") as NodeWorkerThreads | undefined;
}

/** Logical cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in a browser, else 1. */
export function hostCores(): number {
  const os = nodeBuiltin("node:os") as { availableParallelism?: () => number } | undefined;
  const n = os?.availableParallelism?.() ?? host.navigator?.hardwareConcurrency ?? 1;
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * Why threads cannot share memory here, or null when they can: a page must be cross-origin isolated
 * (served with COOP/COEP headers) for `SharedArrayBuffer` and a shared WebAssembly.Memory to exist.
 */
export function sharedMemoryUnavailable(): string | null {
  if (host.crossOriginIsolated === false) return "the page is not cross-origin isolated (serve it with the COOP/COEP headers of docs/browser.md)";
  if (typeof host.SharedArrayBuffer !== "function") return "this runtime has no SharedArrayBuffer";
  return null;
}

/** Decodes base64 with `atob` (a global in browsers and Node >= 16; no `Buffer`). */
export function base64Bytes(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
