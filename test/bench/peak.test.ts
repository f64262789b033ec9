/**
 * The bench's SIMD peak (scripts/bench/peak.ts) is timed in the build the rows run: the fused multiply-add meter
 * exists exactly where the backend runs the relaxed build, and the native vector extension PyTorch's rows are
 * compared with is read from the CPU's flags rather than assumed. No timing is asserted.
 */
import { describe, expect, it } from "vitest";
import { createWasmBackend } from "../../src/wasm/index.js";
import { measurePeaks, peakBuildBytes, peakFor, simdPeakMeter, simdPeakMeters, vectorExtensionOf } from "../../scripts/bench/peak.js";
import { kernelsRelaxedWasmBase64, kernelsWasmBase64 } from "../../src/wasm/kernels-binary.js";

describe("bench SIMD peaks", () => {
  it("has a fused multiply-add meter exactly where the backend runs the relaxed build", async () => {
    const backend = await createWasmBackend({ threads: 1 });
    backend.close();
    expect(simdPeakMeter("fused") !== null).toBe(backend.relaxedSimd);
    expect(simdPeakMeter("plain")).not.toBeNull();
    const base64 = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString("base64"));
    expect(base64(peakBuildBytes("plain"))).toBe(kernelsWasmBase64);
    expect(base64(peakBuildBytes("fused"))).toBe(backend.relaxedSimd ? kernelsRelaxedWasmBase64 : null);
  });

  it("holds each build against its own peak, the plain one where no fused was measured", () => {
    const peaks = measurePeaks(simdPeakMeters(), 0, 1);
    expect(peaks.plain.wall).toBeGreaterThan(0);
    expect(peakFor(peaks, "plain")).toBe(peaks.plain);
    expect(peakFor(peaks, "fused")).toBe(peaks.fused ?? peaks.plain);
    expect(peakFor({ plain: peaks.plain, fused: null }, "fused")).toBe(peaks.plain);
  });

  it("names the widest native vector extension from /proc/cpuinfo's flags", () => {
    const x86 = (flags: string): string => `processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: ${flags}\nbugs\t\t: sysret_ss_attrs\n`;
    expect(vectorExtensionOf(x86("fpu sse2 avx fma avx2 vaes"))).toBe("AVX2 (256-bit lanes)");
    expect(vectorExtensionOf(x86("sse2 avx avx2 avx512f avx512bw"))).toBe("AVX-512 (512-bit lanes)");
    expect(vectorExtensionOf(x86("fpu sse sse2"))).toBe("SSE2 (128-bit lanes)");
    expect(vectorExtensionOf("processor\t: 0\nFeatures\t: fp asimd evtstrm aes\n")).toBe("NEON (128-bit lanes)");
    expect(vectorExtensionOf("processor\t: 0\n")).toBeNull();
  });
});
