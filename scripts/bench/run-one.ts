/**
 * Child process of scripts/bench.ts: sets up one system and one workload, runs it WARMUP times untimed
 * and RUNS times timed, and prints one JSON line (BenchResult). Run alone for debugging:
 *   tsx scripts/bench/run-one.ts "shapeproof wasm 2t" W4 5
 * With `serve` as RUNS it warms up, then times one step per "step" line on stdin (scripts/bench/paired.ts).
 */
import { createInterface } from "node:readline";
import { inProcessSystems, workloadNames, type WorkloadName } from "./systems.js";
import type { BenchResult } from "./result.js";

const [systemName, workloadArg, runsArg, warmupArg] = process.argv.slice(2);
const system = inProcessSystems.find((s) => s.name === systemName);
const workload = workloadNames.find((w) => w === workloadArg) as WorkloadName | undefined;
if (system === undefined || workload === undefined) {
  console.error(
    `usage: run-one.ts <system> <workload> [runs | serve] [warmup]; systems: ${inProcessSystems.map((s) => s.name).join(", ")}; workloads: ${workloadNames.join(", ")}`,
  );
  process.exit(2);
}
const serve = runsArg === "serve";
const runs = serve ? 0 : Math.max(1, Number(runsArg ?? 5));
const warmup = Math.max(0, Number(warmupArg ?? 1));

function emit(r: BenchResult): void {
  console.log(JSON.stringify(r));
}

const runner = await system.prepare(workload);
if (typeof runner === "string") {
  emit({ system: system.name, workload, skip: runner });
} else if (serve) {
  for (let i = 0; i < warmup; i++) await runner.run();
  console.log(JSON.stringify({ ready: true, system: system.name, ...(runner.runtime ? { runtime: runner.runtime } : {}) }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== "step") break;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await runner.run();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));
  }
  await runner.close?.();
} else {
  for (let i = 0; i < warmup; i++) await runner.run();
  const wall: number[] = [];
  const cpu: number[] = [];
  const faults: number[] = [];
  for (let i = 0; i < runs; i++) {
    const f0 = process.resourceUsage().minorPageFault;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await runner.run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    faults.push(process.resourceUsage().minorPageFault - f0);
  }
  const out = runner.output ? await runner.output() : null;
  emit({
    system: system.name,
    workload,
    wall,
    cpu,
    faults,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    ...(runner.wasmBytes ? { wasmBytes: runner.wasmBytes() } : {}),
    ...(runner.runtime ? { runtime: runner.runtime } : {}),
    ...(out ? { outputSample: sample(out) } : {}),
  });
  await runner.close?.();
}
process.exit(0);

/** 64 evenly spaced output values (all of them when there are no more), so the parent can check that systems compute the same thing. */
function sample(y: Float32Array): number[] {
  if (y.length <= 64) return Array.from(y);
  const out: number[] = [];
  for (let i = 0; i < 64; i++) out.push(y[Math.floor((i * y.length) / 64)]!);
  return out;
}
