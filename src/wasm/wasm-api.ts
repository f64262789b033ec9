/**
 * The few WebAssembly JS API members the backend uses, typed locally: the project compiles with
 * lib ES2022 and no DOM, which declare no `WebAssembly` global, and a global declaration here could
 * clash with one a consumer brings in.
 */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}

/** A compiled module (opaque; structured-cloneable to workers). */
export interface WasmModule {
  readonly __wasmModuleBrand?: never;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

/** The host's WebAssembly object, or null when it has none (or no SIMD-capable engine is checked here). */
export function wasmApi(): WasmApi | null {
  const g = globalThis as unknown as { WebAssembly?: WasmApi };
  return g.WebAssembly ?? null;
}

export const PAGE_BYTES = 65536;
