/**
 * Where W3 / W4 / W5 / W6 spend their time: wraps a backend so every kernel call is timed (wall and process CPU),
 * runs the workload a few times and prints, for the fastest run, the per-call totals next to the
 * workload's total (what is left over is the typed layer: allocation, concat, the skip sum, in JS),
 * then the same run by WebAssembly kernel and by copy into / out of WebAssembly memory (the copies run
 * on the calling thread only; so does everything in the first table that no kernel covers).
 *
 * For W5 / W6 (training steps) what is left over is the JS side of the tape: the typed layer, allocation, the
 * loss's scalar bookkeeping (cross-entropy's loops; mse runs on the backend), small parameters' Adam updates.
 *
 *   tsx scripts/bench/profile.ts [threads=2] [W3|W4|W5|W6]
 */
import type { KernelBackend } from "../../src/kernels/backend.js";
import { tidy } from "../../src/tensor/tidy.js";
import { useBackend } from "../../src/backend.js";
import { createWasmBackend } from "../../src/wasm/index.js";
import { makeUNetWorkload, makeW5Workload, makeW6Workload, runW3, runW4, runW5, runW6 } from "./workloads.js";

type Method = Exclude<keyof KernelBackend, "name">;
const methods: Method[] = [
  "conv2dForward",
  "conv2dBackwardData",
  "conv2dBackwardWeight",
  "convTranspose2dForward",
  "convTranspose2dBackwardData",
  "convTranspose2dBackwardWeight",
  "maxPool2dForward",
  "maxPool2dBackward",
  "reluForward",
  "reluBackward",
  "matmul",
  "softmaxRows",
  "softmaxRowsBackward",
  "layerNormRows",
  "layerNormRowsBackward",
  "attentionForward",
  "attentionBackward",
  "conv2dBackward",
  "addArrays",
  "adamStep",
  "linearBackward",
  "squaredDifferenceSum",
  "scaledDifference",
];

interface Tally {
  wall: number;
  cpu: number;
  calls: number;
}

function profiled(inner: KernelBackend, tallies: Map<string, Tally>): KernelBackend {
  // Flags too (stridedMatmul): without them the kernel guard would run strided products on the JS kernel.
  // and the resident heap, so tensors stay in WebAssembly memory inside tidy as they do unprofiled
  const out: Record<string, unknown> = {
    name: `profiled ${inner.name}`,
    stridedMatmul: inner.stridedMatmul,
    reluMatmul: inner.reluMatmul,
    residentHeap: inner.residentHeap,
  };
  for (const m of methods) {
    if (inner[m] === undefined) continue;
    const f = inner[m] as (...a: unknown[]) => unknown;
    out[m] = (...args: unknown[]): unknown => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = f.apply(inner, args);
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const key = describe(m, args[0]);
      const t = tallies.get(key) ?? { wall: 0, cpu: 0, calls: 0 };
      t.wall += wall;
      t.cpu += (c.user + c.system) / 1000;
      t.calls++;
      tallies.set(key, t);
      return result;
    };
  }
  return out as unknown as KernelBackend;
}

function describe(m: string, g: unknown): string {
  const o = g as Record<string, number>;
  if (typeof o?.["inC"] === "number") return `${m} ${o["inC"]}->${o["outC"]} ${o["inH"]}x${o["inW"]} k${o["kH"]}`;
  if (typeof o?.["c"] === "number") return `${m} c${o["c"]} ${o["inH"]}x${o["inW"]}`;
  if (typeof o?.["k"] === "number") {
    const t = (flag: unknown): string => (flag === true ? "ᵀ" : "");
    return `${m} ${o["batch"]}x (${o["m"]}x${o["k"]})${t(o["transA"])} · (${o["k"]}x${o["n"]})${t(o["transB"])}`;
  }
  return m;
}

const threads = Number(process.argv[2] ?? 2);
const which = process.argv[3] ?? "W4";
const be = await createWasmBackend({ threads });
function workload(name: string): () => void {
  if (name === "W5") {
    const w = makeW5Workload();
    w.model.moveToBackend(); // as the bench runs it
    return () => void runW5(w);
  }
  if (name === "W6") {
    const w = makeW6Workload();
    w.model.moveToBackend(); // as the bench runs it
    return () => void runW6(w);
  }
  const w = makeUNetWorkload();
  return name === "W3" ? () => runW3(w) : () => runW4(w);
}
// inside tidy, as the bench runs shapeproof (its tensors stay in WebAssembly memory between ops)
useBackend(be);
const step = workload(which);
const run = (): void => tidy(step);
// W5 / W6 (training steps) take about 6 steps to reach steady speed (JIT of the JS ops and Adam); the others 2.
for (let i = 0; i < (which === "W5" || which === "W6" ? 6 : 2); i++) run();
const runs = 5;
let best: Map<string, Tally> | null = null;
let bestParts: Map<string, Tally> | null = null;
let bestTotal = Infinity;
let bestCpu = 0;
for (let r = 0; r < runs; r++) {
  const tallies = new Map<string, Tally>();
  const parts = new Map<string, Tally>();
  be.trace = (part, ms) => {
    const t = parts.get(part) ?? { wall: 0, cpu: 0, calls: 0 };
    t.wall += ms;
    t.calls++;
    parts.set(part, t);
  };
  useBackend(profiled(be, tallies));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const total = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (total < bestTotal) {
    bestTotal = total;
    best = tallies;
    bestParts = parts;
    bestCpu = (c.user + c.system) / 1000;
  }
}
be.trace = null;
useBackend(be);
console.log(
  `${which} on ${be.name}: fastest of ${runs}: ${bestTotal.toFixed(1)} ms wall, ${bestCpu.toFixed(1)} ms cpu; wasm memory ${(be.memoryBytes / 2 ** 20).toFixed(0)} MiB`,
);
let sumWall = 0;
let sumCpu = 0;
const rows = [...best!.entries()].sort((a, b) => b[1].wall - a[1].wall);
for (const [k, t] of rows) {
  sumWall += t.wall;
  sumCpu += t.cpu;
  console.log(`${t.wall.toFixed(1).padStart(8)} ms ${t.cpu.toFixed(1).padStart(8)} cpu  x${t.calls}  ${k}`);
}
console.log(
  `${(bestTotal - sumWall).toFixed(1).padStart(8)} ms ${(bestCpu - sumCpu).toFixed(1).padStart(8)} cpu      outside kernels (typed layer, concat, allocation; for W5/W6 also the JS ops and Adam)`,
);
let kernelWall = 0;
let backendWall = 0;
for (const m of methods) for (const [k, t] of best!) if (k.split(" ")[0] === m) backendWall += t.wall;
console.log("by WebAssembly kernel (wall, all threads) and copy (calling thread):");
for (const [k, t] of [...bestParts!.entries()].sort((a, b) => b[1].wall - a[1].wall)) {
  if (!k.startsWith("copy")) kernelWall += t.wall;
  console.log(`${t.wall.toFixed(1).padStart(8)} ms  x${t.calls}  ${k}`);
}
console.log(
  `${(backendWall - kernelWall).toFixed(1).padStart(8)} ms      in backend calls outside kernels (copies, weight packing; calling thread only)`,
);
be.close();
