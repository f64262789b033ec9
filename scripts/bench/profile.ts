/**
 * Where W3 / W4 spend their time: wraps a backend so every kernel call is timed (wall and process CPU),
 * runs the workload a few times and prints, for the fastest run, the per-call totals next to the
 * workload's total (what is left over is the typed layer: allocation, concat, the skip sum, in JS),
 * then the same run by WebAssembly kernel and by copy into / out of WebAssembly memory (the copies run
 * on the calling thread only; so does everything in the first table that no kernel covers).
 *
 *   tsx scripts/bench/profile.ts [threads=2] [W3|W4]
 */
import type { KernelBackend } from "../../src/kernels/backend.js";
import { useBackend } from "../../src/backend.js";
import { createWasmBackend } from "../../src/wasm/index.js";
import { makeUNetWorkload, runW3, runW4 } from "./workloads.js";

type Method = Exclude<keyof KernelBackend, "name">;
const methods: Method[] = [
  "conv2dForward", "conv2dBackwardData", "conv2dBackwardWeight", "convTranspose2dForward", "convTranspose2dBackwardData",
  "convTranspose2dBackwardWeight", "maxPool2dForward", "maxPool2dBackward", "reluForward", "reluBackward",
];

interface Tally { wall: number; cpu: number; calls: number }

function profiled(inner: KernelBackend, tallies: Map<string, Tally>): KernelBackend {
  const out: Record<string, unknown> = { name: `profiled ${inner.name}` };
  for (const m of methods) {
    const f = inner[m] as (...a: unknown[]) => void;
    out[m] = (...args: unknown[]): void => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      f.apply(inner, args);
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const key = describe(m, args[0]);
      const t = tallies.get(key) ?? { wall: 0, cpu: 0, calls: 0 };
      t.wall += wall;
      t.cpu += (c.user + c.system) / 1000;
      t.calls++;
      tallies.set(key, t);
    };
  }
  return out as unknown as KernelBackend;
}

function describe(m: string, g: unknown): string {
  const o = g as Record<string, number>;
  if (typeof o?.["inC"] === "number") return `${m} ${o["inC"]}->${o["outC"]} ${o["inH"]}x${o["inW"]} k${o["kH"]}`;
  if (typeof o?.["c"] === "number") return `${m} c${o["c"]} ${o["inH"]}x${o["inW"]}`;
  return m;
}

const threads = Number(process.argv[2] ?? 2);
const which = process.argv[3] ?? "W4";
const be = await createWasmBackend({ threads });
const w = makeUNetWorkload();
const run = which === "W3" ? runW3 : runW4;
useBackend(be);
run(w);
run(w);
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
  run(w);
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
console.log(`${which} on ${be.name}: fastest of ${runs}: ${bestTotal.toFixed(1)} ms wall, ${bestCpu.toFixed(1)} ms cpu; wasm memory ${(be.memoryBytes / 2 ** 20).toFixed(0)} MiB`);
let sumWall = 0;
let sumCpu = 0;
const rows = [...best!.entries()].sort((a, b) => b[1].wall - a[1].wall);
for (const [k, t] of rows) {
  sumWall += t.wall;
  sumCpu += t.cpu;
  console.log(`${t.wall.toFixed(1).padStart(8)} ms ${t.cpu.toFixed(1).padStart(8)} cpu  x${t.calls}  ${k}`);
}
console.log(`${(bestTotal - sumWall).toFixed(1).padStart(8)} ms ${(bestCpu - sumCpu).toFixed(1).padStart(8)} cpu      outside kernels (typed layer, concat, allocation)`);
let kernelWall = 0;
let backendWall = 0;
for (const m of methods) for (const [k, t] of best!) if (k.split(" ")[0] === m) backendWall += t.wall;
console.log("by WebAssembly kernel (wall, all threads) and copy (calling thread):");
for (const [k, t] of [...bestParts!.entries()].sort((a, b) => b[1].wall - a[1].wall)) {
  if (!k.startsWith("copy")) kernelWall += t.wall;
  console.log(`${t.wall.toFixed(1).padStart(8)} ms  x${t.calls}  ${k}`);
}
console.log(`${(backendWall - kernelWall).toFixed(1).padStart(8)} ms      in backend calls outside kernels (copies, weight packing; calling thread only)`);
be.close();
