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
  readonly process?: {
    readonly getBuiltinModule?: (id: string) => unknown;
    readonly versions?: { readonly node?: string };
    readonly execArgv?: readonly string[];
  };
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

/** The command-line flag behind which Node 20's V8 (11.3) has WebAssembly relaxed SIMD; V8 11.4 (Node 22) ships it on. */
const RELAXED_SIMD_FLAG = "--experimental-wasm-relaxed-simd";

/**
 * Turns on WebAssembly relaxed SIMD where the engine has it behind a flag: Node 20 (>= 20.16, for
 * `process.getBuiltinModule`). Returns whether it set the flag. It does what the command-line flag does, for the
 * whole process (V8's flags are process-wide) and for modules compiled from then on; it only makes more modules
 * valid. Nothing is set when Node was started with --no-experimental-wasm-relaxed-simd.
 */
export function enableRelaxedSimdFlag(): boolean {
  const proc = host.process;
  if (proc?.versions?.node?.startsWith("20.") !== true) return false;
  // V8 reads `_` as `-` in flag names
  const turnedOff = `--no-${RELAXED_SIMD_FLAG.slice(2)}`;
  if (proc.execArgv?.some((arg) => arg.replaceAll("_", "-") === turnedOff) === true) return false;
  const v8 = nodeBuiltin("node:v8") as { readonly setFlagsFromString?: (flags: string) => void } | undefined;
  if (typeof v8?.setFlagsFromString !== "function") return false;
  v8.setFlagsFromString(RELAXED_SIMD_FLAG);
  return true;
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
