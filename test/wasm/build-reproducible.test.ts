/**
 * The committed WebAssembly is what the source builds to: compiling src/wasm/assembly/kernels.ts with
 * the npm-installed AssemblyScript compiler (the flags of scripts/build-wasm.ts) gives exactly the bytes
 * of src/wasm/kernels.wasm and of the base64 in src/wasm/kernels-binary.ts that the backend loads.
 * After editing the kernels, run `npm run build:wasm`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { binaryModuleSource, compileKernels } from "../../scripts/build-wasm.js";
import { kernelsRelaxedWasmBase64, kernelsWasmBase64 } from "../../src/wasm/kernels-binary.js";

const committedWasm = new Uint8Array(readFileSync(new URL("../../src/wasm/kernels.wasm", import.meta.url)));
const committedRelaxed = new Uint8Array(readFileSync(new URL("../../src/wasm/kernels-relaxed.wasm", import.meta.url)));
const committedModule = readFileSync(new URL("../../src/wasm/kernels-binary.ts", import.meta.url), "utf8");

/** Equal bytes, reported by the first differing offset rather than a 4 KB array diff. */
function firstDifference(a: Uint8Array, b: Uint8Array): string | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `byte ${i}: ${a[i]} vs ${b[i]}`;
  return a.length === b.length ? null : `length ${a.length} vs ${b.length}`;
}

describe("the committed kernels are reproducible from source", () => {
  it("compiling src/wasm/assembly/kernels.ts gives kernels.wasm, kernels-relaxed.wasm and kernels-binary.ts byte for byte", async () => {
    const built = await compileKernels("simd");
    const relaxed = await compileKernels("relaxed");
    expect(built.length).toBeGreaterThan(1000);
    expect(firstDifference(built, relaxed), "the relaxed build must differ (it fuses the multiply-adds)").not.toBeNull();
    expect(firstDifference(built, committedWasm), "rebuilt vs src/wasm/kernels.wasm (run npm run build:wasm)").toBeNull();
    expect(firstDifference(relaxed, committedRelaxed), "rebuilt vs src/wasm/kernels-relaxed.wasm (run npm run build:wasm)").toBeNull();
    expect(firstDifference(built, new Uint8Array(Buffer.from(kernelsWasmBase64, "base64"))), "rebuilt vs the base64 in kernels-binary.ts").toBeNull();
    expect(firstDifference(relaxed, new Uint8Array(Buffer.from(kernelsRelaxedWasmBase64, "base64"))), "relaxed vs its base64").toBeNull();
    expect(committedModule).toBe(binaryModuleSource(built, relaxed));
  });
});
