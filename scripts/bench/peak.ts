/**
 * This machine's WebAssembly SIMD peak for one thread, as scripts/bench-gemm.ts measures it: `simdPeak` in
 * src/wasm/assembly/kernels.ts (12 independent chains of f32x4 mul + add, 8 FLOP per chain and step) run in
 * short bursts (~1 ms, so they fit between other processes' time slices), keeping the best burst. The bench
 * calls it in its own (otherwise idle) process between the children, so the figure is taken in the same run
 * as the workloads and under the same load.
 */
import { kernelsWasmBytes } from "../../src/wasm/index.js";
import { wasmApi } from "../../src/wasm/wasm-api.js";

export interface SimdPeak {
  /** GFLOP/s of one thread by wall clock (best burst). */
  readonly wall: number;
  /** GFLOP per CPU-second of one thread (best burst). */
  readonly cpu: number;
}

const ITERS = 500_000;
const FLOP_PER_ITER = 12 * 4 * 2;

/** Returns a function that measures bursts for `budgetMs` (at least `minBursts`) and gives the best so far. */
export function simdPeakMeter(): (budgetMs?: number, minBursts?: number) => SimdPeak {
  const api = wasmApi();
  if (api === null) throw new Error("no WebAssembly in this runtime");
  const memory = new api.Memory({ initial: 1, maximum: 65536, shared: true });
  const instance = new api.Instance(new api.Module(kernelsWasmBytes()), { env: { memory } });
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
