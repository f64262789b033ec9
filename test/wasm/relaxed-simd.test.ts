/**
 * Which build of the kernels the backend runs: the relaxed-SIMD one (fused multiply-add) exactly when the engine
 * validates it, unless asked not to. The "relaxed-simd" vitest project runs this file and the kernels' golden
 * tests with the proposal enabled (SHAPEPROOF_EXPECT_RELAXED_SIMD=1), the "node" project on Node 20 without it,
 * so the golden tests cover both builds.
 */
import { describe, expect, it } from "vitest";
import { kernelsRelaxedWasmBase64, kernelsWasmBase64 } from "../../src/wasm/kernels-binary.js";
import { createWasmBackend, kernelsWasmBytes, relaxedSimdAvailable } from "../../src/wasm/index.js";
import { wasmApi } from "../../src/wasm/wasm-api.js";

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
const expectRelaxed = process.env["SHAPEPROOF_EXPECT_RELAXED_SIMD"] === "1";
const engineHasRelaxed = wasmApi()?.validate(new Uint8Array(Buffer.from(kernelsRelaxedWasmBase64, "base64"))) ?? false;

describe("relaxed-SIMD kernels", () => {
  it(`are ${expectRelaxed ? "" : "not necessarily "}available in this project`, () => {
    expect(relaxedSimdAvailable()).toBe(engineHasRelaxed);
    if (expectRelaxed) expect(relaxedSimdAvailable()).toBe(true);
  });

  it("are chosen by default when the engine has them, and never when asked not to", () => {
    expect(base64(kernelsWasmBytes(true))).toBe(engineHasRelaxed ? kernelsRelaxedWasmBase64 : kernelsWasmBase64);
    expect(base64(kernelsWasmBytes(false))).toBe(kernelsWasmBase64);
  });

  it("give a product within float32 rounding of the plain build's", async () => {
    const fused = await createWasmBackend({ threads: 1 });
    const plain = await createWasmBackend({ threads: 1, relaxedSimd: "never" });
    try {
      const m = 37,
        k = 129,
        n = 45;
      const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37));
      const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.11));
      const problem = { batch: 1, m, k, n, transA: false, transB: false, aIndex: null, bIndex: null };
      const y1 = new Float32Array(m * n);
      const y2 = new Float32Array(m * n);
      fused.matmul!(problem, a, b, null, y1);
      plain.matmul!(problem, a, b, null, y2);
      for (let i = 0; i < y1.length; i++) expect(Math.abs(y1[i]! - y2[i]!)).toBeLessThanOrEqual(k * 2 ** -23 * 4);
    } finally {
      fused.close();
      plain.close();
    }
  });

  it("rejects an unknown relaxedSimd option", async () => {
    await expect(createWasmBackend({ threads: 1, relaxedSimd: "sometimes" as "auto" })).rejects.toThrow(/relaxedSimd must be "auto" or "never"/);
  });
});
