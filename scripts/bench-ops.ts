/**
 * Kernel micro-benchmark: conv2d 3x3 forward / backward-data / backward-weight on every backend in `benchBackends`,
 * at two geometries: W1 (64 -> 64 channels, input 64x128x128, batch 1, padding 1) and an MNIST-sized one (32 -> 32
 * channels, 28x28, batch 16), whose rows are no multiple of the kernels' tiles, so results leave WebAssembly
 * memory through `compactPlanes`.
 * Prints ms (median wall clock of RUNS timed runs after WARMUP untimed ones) and GFLOP/s (2 FLOP per
 * multiply-add, every tap counted, as scripts/bench.ts), plus the same from this process's CPU time
 * (steadier when the machine is shared). The kernels are called directly (no typed layer).
 *
 *   npm run bench:ops                 # all backends
 *   RUNS=9 npm run bench:ops          # more timed runs
 *   BACKENDS=wasm npm run bench:ops   # only backends whose name contains "wasm"
 */
import type { KernelBackend } from "../src/kernels/backend.js";
import type { Conv2dGeometry, FloatArray } from "../src/kernels/geometry.js";
import { jsBackend } from "../src/kernels/js-backend.js";
import { createWasmBackend, type WasmBackend } from "../src/wasm/index.js";
import { W1 } from "./bench/workloads.js";

interface BenchBackend {
  readonly name: string;
  readonly create: () => Promise<KernelBackend>;
}

/** Add a backend here (one line) to bench it alongside the reference. */
const benchBackends: BenchBackend[] = [
  { name: "js", create: async () => jsBackend },
  { name: "wasm 1 thread", create: () => openWasm(1) },
  { name: "wasm 2 threads", create: () => openWasm(2) },
];

/** Wasm backends opened here, closed at the end so their workers stop. */
const opened: WasmBackend[] = [];
async function openWasm(threads: number): Promise<WasmBackend> {
  const be = await createWasmBackend({ threads });
  opened.push(be);
  return be;
}

/** BACKENDS=wasm selects the entries whose name contains one of the comma-separated words. */
const only = (process.env["BACKENDS"] ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter((s) => s !== "");

const RUNS = Math.max(5, Number(process.env["RUNS"] ?? 5));
const WARMUP = 2;

/** 28x28 images: Winograd's rows (tiles of 4, 8 per row) are padded to 32 floats, so the output is strided. */
const MNIST_SIZED: Conv2dGeometry = { ...W1, n: 16, inC: 32, outC: 32, inH: 28, inW: 28, outH: 28, outW: 28 };
const geometries: readonly [string, Conv2dGeometry][] = [
  ["W1", W1],
  ["MNIST-sized", MNIST_SIZED],
];

function random(len: number, seed: number): Float32Array {
  const a = new Float32Array(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median wall-clock ms, and median CPU ms of this process (less sensitive to other load on the machine). */
function time(fn: () => void): { wall: number; cpu: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** 2 FLOP per multiply-add, every tap counted. */
function convFlop(g: Conv2dGeometry): number {
  return 2 * g.n * g.outC * g.outH * g.outW * g.inC * g.kH * g.kW;
}

async function main(): Promise<void> {
  const rows: string[][] = [["geometry", "backend", "pass", "ms", "GFLOP/s", "cpu ms", "GFLOP/s (cpu)"]];
  const backends: [string, KernelBackend][] = [];
  for (const entry of benchBackends) {
    if (only.length > 0 && !only.some((word) => entry.name.includes(word))) continue;
    backends.push([entry.name, await entry.create()]);
  }
  for (const [label, g] of geometries) {
    const x: FloatArray = random(g.n * g.inC * g.inH * g.inW, 1);
    const w: FloatArray = random(g.outC * g.inC * g.kH * g.kW, 2);
    const bias: FloatArray = random(g.outC, 3);
    const dy: FloatArray = random(g.n * g.outC * g.outH * g.outW, 4);
    const y = new Float32Array(dy.length);
    const dx = new Float32Array(x.length);
    const dw = new Float32Array(w.length);
    const db = new Float32Array(g.outC);
    const flop = convFlop(g);
    console.log(
      `${label}: conv2d 3x3 ${g.inC}->${g.outC}, input ${g.n}x${g.inC}x${g.inH}x${g.inW}, padding 1, float32; ` +
        `${(flop / 1e9).toFixed(3)} GFLOP per pass; median of ${RUNS} runs after ${WARMUP} warm-up`,
    );
    for (const [name, b] of backends) {
      const passes: [string, () => void][] = [
        ["forward", () => b.conv2dForward(g, x, w, bias, y)],
        ["backward-data", () => b.conv2dBackwardData(g, dy, w, dx)],
        ["backward-weight", () => b.conv2dBackwardWeight(g, x, dy, dw, db)],
      ];
      for (const [pass, fn] of passes) {
        const t = time(fn);
        rows.push([label, name, pass, t.wall.toFixed(2), (flop / (t.wall * 1e6)).toFixed(2), t.cpu.toFixed(2), (flop / (t.cpu * 1e6)).toFixed(2)]);
      }
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
  for (const be of opened) be.close();
}

await main();
