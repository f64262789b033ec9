/**
 * This machine's WebAssembly SIMD peak for one thread: `simdPeak` in src/wasm/assembly/kernels.ts (12
 * independent chains of acc = acc * m + d, 8 FLOP per chain and step) run in short bursts (~1 ms, so they fit
 * between other processes' time slices), keeping the best burst. Timed in both kernel builds, because a build's
 * products can only be held against the multiply-add that build runs:
 *   "plain"  plain SIMD: an f32x4.mul then an f32x4.add (two instructions, the chain waits for both);
 *   "fused"  relaxed SIMD: f32x4.relaxed_madd, one fused multiply-add where the CPU has FMA.
 * The benches call it in their own (otherwise idle) process between the runs they time, so the figure is taken in
 * the same run and under the same load.
 */
import { readFileSync } from "node:fs";
import { kernelsWasmBytes } from "../../src/wasm/index.js";
import { wasmApi } from "../../src/wasm/wasm-api.js";

export interface SimdPeak {
  /** GFLOP/s of one thread by wall clock (best burst). */
  readonly wall: number;
  /** GFLOP per CPU-second of one thread (best burst). */
  readonly cpu: number;
}

/** Which build's multiply-add: plain SIMD's mul + add, or relaxed SIMD's fused multiply-add. */
export type PeakBuild = "plain" | "fused";

export type PeakMeter = (budgetMs?: number, minBursts?: number) => SimdPeak;

const ITERS = 500_000;
const FLOP_PER_ITER = 12 * 4 * 2;

/** The kernels' bytes of `build`, or null for "fused" where this engine runs no relaxed SIMD. */
export function peakBuildBytes(build: PeakBuild): Uint8Array | null {
  const plain = kernelsWasmBytes("never");
  if (build === "plain") return plain;
  // "auto" gives the plain bytes back where the engine cannot run the relaxed build
  const fused = kernelsWasmBytes("auto");
  return fused.length === plain.length && fused.every((b, i) => b === plain[i]) ? null : fused;
}

/**
 * Returns a function that measures bursts of `build`'s multiply-add for `budgetMs` (at least `minBursts`) and
 * gives the best so far; null for "fused" where this engine runs no relaxed SIMD.
 */
export function simdPeakMeter(build: PeakBuild = "plain"): PeakMeter | null {
  const api = wasmApi();
  if (api === null) throw new Error("no WebAssembly in this runtime");
  const bytes = peakBuildBytes(build);
  if (bytes === null) return null;
  const memory = new api.Memory({ initial: 1, maximum: 65536, shared: true });
  const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
  const simdPeak = instance.exports["simdPeak"];
  if (typeof simdPeak !== "function") throw new Error("the kernels module has no simdPeak export");
  const burst = simdPeak as (iters: number) => number;
  let bestWall = Infinity;
  let bestCpu = Infinity;
  burst(ITERS); // compile / warm up
  return (budgetMs = 300, minBursts = 20) => {
    const end = performance.now() + budgetMs;
    for (let r = 0; r < minBursts || performance.now() < end; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      burst(ITERS);
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      bestWall = Math.min(bestWall, ms);
      bestCpu = Math.min(bestCpu, Math.max((c.user + c.system) / 1000, 1e-3));
    }
    return { wall: (ITERS * FLOP_PER_ITER) / bestWall / 1e6, cpu: (ITERS * FLOP_PER_ITER) / bestCpu / 1e6 };
  };
}

/** Both builds' meters: `fused` is null where this engine runs no relaxed SIMD. */
export interface PeakMeters {
  readonly plain: PeakMeter;
  readonly fused: PeakMeter | null;
}

export function simdPeakMeters(): PeakMeters {
  return { plain: simdPeakMeter("plain")!, fused: simdPeakMeter("fused") };
}

/** Both peaks now (best bursts so far); `fused` null where the engine runs no relaxed SIMD. */
export interface SimdPeaks {
  readonly plain: SimdPeak;
  readonly fused: SimdPeak | null;
}

export function measurePeaks(meters: PeakMeters, budgetMs?: number, minBursts?: number): SimdPeaks {
  return { plain: meters.plain(budgetMs, minBursts), fused: meters.fused?.(budgetMs, minBursts) ?? null };
}

/** The peak a product of `build` is held against: its own build's, the plain one where no fused was measured. */
export function peakFor(peaks: SimdPeaks, build: PeakBuild): SimdPeak {
  return build === "fused" && peaks.fused !== null ? peaks.fused : peaks.plain;
}

/** One line naming both peaks, e.g. "f32x4 peak, one thread: mul + add 34.0 GFLOP/s, fused multiply-add 51.8 GFLOP/s". */
export function describePeaks(peaks: SimdPeaks): string {
  const one = (p: SimdPeak): string => `${p.wall.toFixed(1)} GFLOP/s wall (${p.cpu.toFixed(1)} per CPU-second)`;
  const fused = peaks.fused === null ? "no fused multiply-add (this engine runs no relaxed SIMD)" : `fused multiply-add ${one(peaks.fused)}`;
  return `f32x4 peak, one thread: mul + add ${one(peaks.plain)}; ${fused}`;
}

/**
 * The widest vector extension this CPU gives native code (Linux's /proc/cpuinfo), e.g. "AVX2 (256-bit lanes)",
 * or null where it cannot be read. WebAssembly SIMD has 128-bit lanes on every CPU.
 */
export function nativeVectorExtension(): string | null {
  try {
    return vectorExtensionOf(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return null;
  }
}

/** `nativeVectorExtension` of a /proc/cpuinfo text: its first `flags` (x86) or `Features` (Arm) line. */
export function vectorExtensionOf(cpuinfo: string): string | null {
  const line = /^(?:flags|Features)\s*:(.*)$/m.exec(cpuinfo)?.[1];
  if (line === undefined) return null;
  const flags = new Set(line.trim().split(/\s+/));
  if (flags.has("avx512f")) return "AVX-512 (512-bit lanes)";
  if (flags.has("avx2")) return "AVX2 (256-bit lanes)";
  if (flags.has("avx")) return "AVX (256-bit lanes)";
  if (flags.has("sve")) return "SVE";
  if (flags.has("asimd")) return "NEON (128-bit lanes)";
  if (flags.has("sse2")) return "SSE2 (128-bit lanes)";
  return null;
}
