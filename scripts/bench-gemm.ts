/**
 * GEMM benchmark: GFLOP/s of KernelBackend.matmul (float32, 2 FLOP per multiply-add) on square sizes, the
 * forward GEMMs of an MLP 784-1024-1024-10 at batch 256 (linear's x · Wᵀ, the weight read transposed in place)
 * and a transformer feed-forward (1024x256 @ 256x1024), for js, wasm on 1 thread and wasm on 2 threads, against
 * this machine's WebAssembly SIMD peak measured in the same run: a tight loop of independent f32x4
 * multiply-adds (`simdPeak` in src/wasm/assembly/kernels.ts, 12 chains; scripts/bench/peak.ts), timed in both
 * kernel builds (plain SIMD's mul + add, relaxed SIMD's fused multiply-add). The ratio to peak is per thread,
 * against the peak of the build the backends run: the kernel's GFLOP/s / (threads x peak), and FLOP per
 * CPU-second of the whole call (the CPU time of both threads for 2, their spinning waits included) / peak.
 *
 * Each entry is the best of several timed calls (after a warm-up), so another process holding a core for part
 * of the run costs repetitions rather than the figure; the peak is taken the same way in short bursts,
 * interleaved with the GEMM runs. "wasm" times the whole call (copy in, packing, the kernel, copy out);
 * "kernel" is the packed GEMM alone (the backend's trace of its `gemm` kernel).
 *
 *   npx tsx scripts/bench-gemm.ts              # every problem
 *   BUDGET_MS=3000 npx tsx scripts/bench-gemm.ts  # more repetitions per entry (default 1500 ms)
 *   SKIP_JS=1 npx tsx scripts/bench-gemm.ts    # wasm only (js takes seconds on the 1024 problem)
 */
import { availableParallelism, loadavg } from "node:os";
import type { KernelBackend } from "../src/kernels/backend.js";
import { jsBackend } from "../src/kernels/js-backend.js";
import type { MatmulProblem } from "../src/kernels/matmul.js";
import { createWasmBackend, type WasmBackend } from "../src/wasm/index.js";
import { type PeakBuild, type SimdPeaks, describePeaks, measurePeaks, peakFor, simdPeakMeters } from "./bench/peak.js";

interface Problem {
  readonly name: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** b stored (n, k) and read transposed, as linear reads its weight. */
  readonly transB: boolean;
}

const problems: readonly Problem[] = [
  { name: "256 square", m: 256, n: 256, k: 256, transB: false },
  { name: "512 square", m: 512, n: 512, k: 512, transB: false },
  { name: "1024 square", m: 1024, n: 1024, k: 1024, transB: false },
  { name: "MLP 784->1024 (batch 256, x·Wᵀ)", m: 256, n: 1024, k: 784, transB: true },
  { name: "MLP 1024->1024 (batch 256, x·Wᵀ)", m: 256, n: 1024, k: 1024, transB: true },
  { name: "MLP 1024->10 (batch 256, x·Wᵀ)", m: 256, n: 10, k: 1024, transB: true },
  { name: "transformer FF 1024x256 @ 256x1024", m: 1024, n: 1024, k: 256, transB: false },
];

const BUDGET_MS = Number(process.env["BUDGET_MS"] ?? 1500);
const SKIP_JS = process.env["SKIP_JS"] === "1";

function random(len: number, seed: number): Float32Array {
  const a = new Float32Array(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

interface Timing {
  /** Best wall time of one call, ms. */
  readonly ms: number;
  /**
   * CPU time of one call (every thread of this process), ms: what a shared machine's other processes cannot inflate.
   * The best mean over batches of calls of at least CPU_BATCH_MS: a worker's CPU time is accounted in coarser steps
   * than one sub-millisecond call, so the best single call undercounted it (two threads came out above 100% of peak).
   */
  readonly cpuMs: number;
  /** Best wall time of the packed GEMM kernel alone (wasm: the backend's trace of `gemm`), ms; null for js. */
  readonly kernelMs: number | null;
}

const CPU_BATCH_MS = 20;

/** Calls `run` until the budget is spent (at least `minReps` times, after one warm-up), keeping each measure's best. */
function best(run: () => void, budgetMs: number, minReps: number, kernel: { ms: number } | null = null): Timing {
  run();
  let ms = Infinity;
  let cpuMs = Infinity;
  let kernelMs = Infinity;
  const end = performance.now() + budgetMs;
  for (let r = 0; r < minReps || performance.now() < end; ) {
    // one batch: calls until CPU_BATCH_MS have passed, each timed alone
    const c0 = process.cpuUsage();
    const b0 = performance.now();
    let calls = 0;
    for (; calls === 0 || performance.now() - b0 < CPU_BATCH_MS; calls++, r++) {
      if (kernel !== null) kernel.ms = 0;
      const t0 = performance.now();
      run();
      ms = Math.min(ms, performance.now() - t0);
      if (kernel !== null) kernelMs = Math.min(kernelMs, kernel.ms);
    }
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000 / calls);
  }
  return { ms, cpuMs, kernelMs: kernel === null ? null : kernelMs };
}

function benchOne(be: KernelBackend, p: Problem, a: Float32Array, b: Float32Array, c: Float32Array, budget: number, minReps: number): Timing {
  const problem: MatmulProblem = { batch: 1, m: p.m, n: p.n, k: p.k, transA: false, transB: p.transB, aIndex: null, bIndex: null };
  const run = (): void => be.matmul!(problem, a, b, null, c);
  const wasm = "trace" in be ? (be as WasmBackend) : null;
  if (wasm === null) return best(run, budget, minReps);
  const kernel = { ms: 0 };
  wasm.trace = (part, t) => {
    if (part === "gemm") kernel.ms += t;
  };
  try {
    return best(run, budget, minReps, kernel);
  } finally {
    wasm.trace = null;
  }
}

const gflops = (p: Problem, ms: number): number => (2 * p.m * p.n * p.k) / ms / 1e6;
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
const pad = (s: string, w: number): string => (s.length >= w ? s : s + " ".repeat(w - s.length));
const lpad = (s: string, w: number): string => (s.length >= w ? s : " ".repeat(w - s.length) + s);

async function main(): Promise<void> {
  const meters = simdPeakMeters();
  const peakNow = (): SimdPeaks => measurePeaks(meters, 400, 30);
  let peaks = peakNow();
  const wasm1 = await createWasmBackend({ threads: 1 });
  const wasm2 = await createWasmBackend({ threads: 2 });
  const build: PeakBuild = wasm1.relaxedSimd ? "fused" : "plain";
  try {
    console.log(
      `GEMM float32, GFLOP/s, best of repeated calls (${BUDGET_MS} ms per entry); ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}`,
    );
    console.log("wall: whole call (copy in, packing, kernel, copy out); kernel: the packed GEMM alone; cpu/t: FLOP per CPU-second of each thread");
    const header = [
      pad("problem", 36),
      lpad("js", 6),
      lpad("1t wall", 8),
      lpad("kernel", 7),
      lpad("cpu/t", 6),
      lpad("2t wall", 8),
      lpad("kernel", 7),
      lpad("cpu/t", 6),
    ].join(" ");
    console.log(header);
    console.log("-".repeat(header.length));
    const rows: { r1: number; r2: number; k1: number; k2: number }[] = [];
    for (const p of problems) {
      const a = random(p.m * p.k, 1);
      const b = random(p.k * p.n, 2);
      const c = new Float32Array(p.m * p.n);
      const flop = 2 * p.m * p.n * p.k;
      const js = SKIP_JS ? null : benchOne(jsBackend, p, a, b, c, flop > 1e9 ? 0 : BUDGET_MS / 3, flop > 1e9 ? 1 : 3);
      const w1 = benchOne(wasm1, p, a, b, c, BUDGET_MS, 3);
      peaks = peakNow();
      const w2 = benchOne(wasm2, p, a, b, c, BUDGET_MS, 3);
      peaks = peakNow(); // each meter keeps its best burst
      // Per thread, from CPU time (the 2-thread CPU time counts both threads, spinning waits included).
      const cpu1 = gflops(p, w1.cpuMs);
      const cpu2 = gflops(p, w2.cpuMs);
      rows.push({ r1: cpu1, r2: cpu2, k1: gflops(p, w1.kernelMs!), k2: gflops(p, w2.kernelMs!) / 2 });
      console.log(
        [
          pad(p.name, 36),
          lpad(js === null ? "-" : gflops(p, js.ms).toFixed(2), 6),
          lpad(gflops(p, w1.ms).toFixed(1), 8),
          lpad(gflops(p, w1.kernelMs!).toFixed(1), 7),
          lpad(cpu1.toFixed(1), 6),
          lpad(gflops(p, w2.ms).toFixed(1), 8),
          lpad(gflops(p, w2.kernelMs!).toFixed(1), 7),
          lpad(cpu2.toFixed(1), 6),
        ].join(" "),
      );
    }
    console.log("-".repeat(header.length));
    console.log(`${describePeaks(peaks)} (best bursts of simdPeak in this run)`);
    const peak = peakFor(peaks, build);
    const ref = Math.max(peak.wall, peak.cpu);
    console.log(
      `ratio to the ${build === "fused" && peaks.fused !== null ? "fused multiply-add" : "mul + add"} peak (the build the backends ran), per thread (kernel wall time | whole call per CPU-second):`,
    );
    problems.forEach((p, i) => {
      const r = rows[i]!;
      console.log(
        `  ${pad(p.name, 36)} 1 thread ${lpad(pct(r.k1 / ref), 4)} | ${lpad(pct(r.r1 / ref), 4)}    2 threads ${lpad(pct(r.k2 / ref), 4)} | ${lpad(pct(r.r2 / ref), 4)}`,
      );
    });
  } finally {
    wasm1.close();
    wasm2.close();
  }
}

await main();
