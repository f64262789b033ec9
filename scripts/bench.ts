/**
 * `npm run bench`: W1 fwd, W1 bwd, W3, W4, the training steps W5 (transformer encoder layer) and W6 (MLP), and
 * W7 (certified CROWN bounds of a UNet2, shapeproof only)
 * (scripts/bench/workloads.ts) on shapeproof's WebAssembly backend (1 and 2 threads), on the peers
 * (onnxruntime-node and onnxruntime-web with 2 threads, inference only; tfjs wasm and cpu backends: the
 * package bench/, which this script installs with `npm ci` on first use) and on PyTorch (1 and 2 threads)
 * when `$TORCH_PYTHON -c "import torch"` works, next to this machine's WebAssembly SIMD peaks (plain and fused
 * multiply-add) measured in the same run (scripts/bench/peak.ts). Every (system, workload) runs in its own child
 * process, one after another, so peak memory is per workload and no thread pool competes with another.
 * The whole sweep is repeated ROUNDS times, each child doing RUNS / ROUNDS timed runs, so a burst of load
 * from other work on a shared machine hits every system rather than one. Times are medians over all
 * rounds (wall clock, and process CPU time, which is steadier on a shared machine), each with its ratio
 * to shapeproof on 2 threads (> 1: slower than shapeproof). Prints markdown tables.
 *
 * Environment:
 *   RUNS=6 ROUNDS=3           timed runs per measurement, spread over rounds (each child: WARMUP=10 untimed runs first
 *                             for W1, TRAIN_WARMUP=6 for W3-W6, every system but tfjs-cpu)
 *   BENCH_SYSTEMS=shapeproof,onnxruntime-node   only systems whose name contains one of these words
 *   BENCH_WORKLOADS=W3,W4     only these workloads ("W1 fwd", "W1 bwd", "W3", "W4", "W5", "W6", "W7")
 *   W7_THREADS=2              the wasm thread counts W7 (CROWN bounds, scripts/bench/w7.ts; minutes each) runs on
 *   BENCH_SLOW=1              also run tfjs-cpu's W1 bwd (over a minute) and W4 (about 8 minutes), 1 run each
 *   BENCH_NODES=/path/to/node  more Node binaries (comma-separated) to run shapeproof's rows on too, each row named
 *                             by its Node version and kernel build (every Node from 20.16 takes the relaxed-SIMD kernels;
 *                             a Node from the npm registry: docs/performance.md, Node 22); an entry may add Node flags
 *                             after the binary, e.g. "/usr/bin/node --no-experimental-wasm-relaxed-simd" (Node 20 on
 *                             the plain SIMD kernels, without fused multiply-add)
 *   TORCH_PYTHON=/usr/bin/python3   the python(s) that run PyTorch, comma-separated (each is a row per thread
 *                             count; its BLAS is named in the row: Debian's python3-torch takes whatever
 *                             libblas.so.3 resolves to, the reference BLAS unless OpenBLAS is installed)
 *   PAIRS=24 PAIR_GAP_MS=100  W5 / W6 against PyTorch in paired steps after the rounds (scripts/bench/paired.ts):
 *                             each shapeproof row and PyTorch at the same thread count take turns, PAIRS steps
 *                             each, PAIR_GAP_MS idle before every step (one-thread pairs both on the last CPU,
 *                             with taskset where there is one); PAIRS=0 skips them
 * tfjs-cpu gets 1 timed run per workload (seconds each: about 5 s for W6, 11 s for W5).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { ensurePeers } from "./bench/peers.js";
import type { BenchResult } from "./bench/result.js";
import { inProcessSystems, relaxedSimdLabel, workloadNames, type WorkloadName } from "./bench/systems.js";
import { type PairedRatio, type StepServer, pairedRatio, runPairs, startServer } from "./bench/paired.js";
import { type PeakBuild, type SimdPeaks, describePeaks, measurePeaks, nativeVectorExtension, peakFor, simdPeakMeters } from "./bench/peak.js";
import { describePageFaultCost, pageFaultCost } from "./bench/page-faults.js";
import { MEANINGFUL_TWO_THREAD_GAIN, twoThreadGain } from "./bench/two-threads.js";
import { W1_FLOP, W3_FLOP, W4_FLOP, W5_FLOP, W6_FLOP } from "./bench/workloads.js";
import { W7_BASE_C, W7_EPSILON, W7_SIZE, type W7Result } from "./bench/w7-config.js";

const ROUNDS = Math.max(1, Number(process.env["ROUNDS"] ?? 3));
const RUNS = Math.max(ROUNDS, Number(process.env["RUNS"] ?? 6));
const RUNS_PER_ROUND = Math.ceil(RUNS / ROUNDS);
/**
 * Untimed W1 calls, every system alike. A process's first W1 calls each fault their 4 MiB output in (1,024 page
 * faults, ~12 ms on the bench's machine against ~6 ms of convolution) until the first garbage collection frees a
 * block and glibc's thresholds rise (src/tensor/heap-thresholds.ts): about 8 calls. W1 measures the convolution.
 */
const WARMUP = Math.max(0, Number(process.env["WARMUP"] ?? 10));
/**
 * Untimed runs before W3-W6 are timed, every system alike: shapeproof's JS side and its WebAssembly memory take
 * about 5 runs to reach steady speed (W3 on 1 thread: 277, 175, 138, 114, 96 ms, then about 90; W5: 450-750 ms CPU
 * for the first steps, ~200 ms after).
 */
const TRAIN_WARMUP = Math.max(1, Number(process.env["TRAIN_WARMUP"] ?? 6));
const warmupFor = (w: WorkloadName): number => (w === "W1 fwd" || w === "W1 bwd" ? WARMUP : TRAIN_WARMUP);
const words = (v: string | undefined): string[] =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
const systemFilter = words(process.env["BENCH_SYSTEMS"]);
const workloadFilter = words(process.env["BENCH_WORKLOADS"]);
const slow = process.env["BENCH_SLOW"] === "1";
const PYTHONS = words(process.env["TORCH_PYTHON"] ?? "/usr/bin/python3");
const EXTRA_NODES = words(process.env["BENCH_NODES"]);
const W7_THREADS = words(process.env["W7_THREADS"] ?? "2").map(Number);
const PAIRS = Math.max(0, Number(process.env["PAIRS"] ?? 24));
const PAIR_GAP_MS = Math.max(0, Number(process.env["PAIR_GAP_MS"] ?? 100));
/** The CPU both servers of a one-thread pair run on (the last), where taskset can pin them; else the scheduler's choice. */
const PAIR_CPU = spawnSync("taskset", ["-c", "0", "true"]).status === 0 ? cpus().length - 1 : undefined;
const REFERENCE = "shapeproof wasm 2t";

const flop: Record<WorkloadName, number> = { "W1 fwd": W1_FLOP, "W1 bwd": 2 * W1_FLOP, W3: W3_FLOP, W4: W4_FLOP, W5: W5_FLOP, W6: W6_FLOP };
const workloads = workloadNames.filter((w) => workloadFilter.length === 0 || workloadFilter.includes(w));
const wanted = (name: string): boolean => systemFilter.length === 0 || systemFilter.some((w) => name.includes(w));

/**
 * Runs per round: tfjs-cpu takes seconds per W1 fwd / W3 / W6 / W5 (about 2, 11, 5, 11 s), over a minute per
 * W1 bwd, minutes per W4 (first round only).
 */
function plan(system: string, workload: WorkloadName, round: number): { runs: number; warmup: number } | string | null {
  if (system !== "tfjs-cpu") return { runs: RUNS_PER_ROUND, warmup: warmupFor(workload) };
  if (round > 0) return null;
  if (workload === "W4" && !slow) return "skipped: about 8 minutes per run here (BENCH_SLOW=1 runs it once)";
  if (workload === "W1 bwd" && !slow) return "skipped: over a minute per run here (BENCH_SLOW=1 runs it once)";
  if (workload === "W1 bwd" || workload === "W4") return { runs: 1, warmup: 0 };
  return { runs: 1, warmup: 1 };
}

const runOne = fileURLToPath(new URL("./bench/run-one.ts", import.meta.url));

/** A Node that runs shapeproof's rows: its binary, its arguments (flags first), and how its rows are named. */
interface NodeCommand {
  readonly command: string;
  readonly args: readonly string[];
  rowName(system: string, runtime: string | undefined): string;
}

/**
 * The Nodes shapeproof's rows run on, each with `args`: this one (rows named by the system alone), then every
 * BENCH_NODES entry (a binary, then its flags; rows named by the runtime its process reports, else the entry).
 */
function nodeCommands(args: readonly string[]): NodeCommand[] {
  return [
    { command: process.execPath, args, rowName: (system) => system },
    ...EXTRA_NODES.map((entry) => {
      const [binary, ...flags] = entry.split(/\s+/);
      return {
        command: binary!,
        args: [...flags, ...args],
        rowName: (system: string, runtime: string | undefined) => `${system} · ${runtime ?? entry}`,
      };
    }),
  ];
}

const repoRoot = fileURLToPath(new URL("..", import.meta.url)); // children resolve `--import tsx` from here
const torchScript = fileURLToPath(new URL("./bench/torch_bench.py", import.meta.url));

function parse(stdout: string, system: string, workload: string): BenchResult {
  const line = stdout
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .pop();
  if (line === undefined) return { system, workload, skip: "failed: no result" };
  return JSON.parse(line) as BenchResult;
}

function child(command: string, args: readonly string[], system: string, workload: WorkloadName, env: NodeJS.ProcessEnv = process.env): BenchResult {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 30 * 60_000, maxBuffer: 1 << 24, cwd: repoRoot, env });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || "").trim().split("\n").slice(-3).join(" / ");
    return { system, workload, skip: `failed (exit ${r.status}): ${why.slice(0, 200)}` };
  }
  return parse(r.stdout, system, workload);
}

/**
 * The PyTorch child's environment: OpenBLAS picks its own kernels (this machine's OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE are dropped, in that child only); torch_bench.py sets OPENBLAS_NUM_THREADS to the thread count.
 */
const torchEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== "OPENBLAS_CORETYPE" && k !== "OPENBLAS_L2_SIZE"),
);

/** One line naming a python's torch and the libraries doing its math (from `torch.__config__.show()`). */
function torchConfig(python: string): string {
  const script = [
    "import torch, re",
    "c = torch.__config__.show()",
    "parts = [m.group(0) for m in re.finditer(r'(BLAS_INFO|LAPACK_INFO|USE_MKLDNN|USE_OPENMP)=[^,\\s]*', c)]",
    "parts += [l.strip(' -') for l in c.splitlines() if re.search(r'MKL-DNN v|oneDNN v|Math Kernel Library|OpenMP [0-9]', l)]",
    "print(f'PyTorch {torch.__version__}: ' + '; '.join(parts))",
  ].join("\n");
  try {
    return execFileSync(python, ["-c", script], { encoding: "utf8", env: torchEnv }).trim();
  } catch {
    return "torch.__config__.show() failed";
  }
}

function torchAvailable(python: string): boolean {
  try {
    execFileSync(python, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const results: BenchResult[] = [];
const notes: string[] = [];
const systems: string[] = [];

/** Adds a round's result, merging it with earlier rounds' (runs appended, peaks maxed). */
function record(r: BenchResult, round: number): void {
  const faults = r.faults === undefined ? "" : `, ${median(r.faults).toFixed(0)} page faults`;
  const t = r.wall ? `${median(r.wall).toFixed(1)} ms (cpu ${median(r.cpu ?? []).toFixed(1)} ms${faults})` : r.skip;
  process.stderr.write(`  round ${round + 1}: ${r.system} ${r.workload}: ${t}\n`);
  if (!systems.includes(r.system)) systems.push(r.system);
  const i = results.findIndex((q) => q.system === r.system && q.workload === r.workload);
  const old = results[i];
  if (old === undefined) {
    results.push(r);
    return;
  }
  if (old.wall === undefined || r.wall === undefined) return; // keep the first skip or failure
  results[i] = {
    ...old,
    wall: [...old.wall, ...r.wall],
    cpu: [...(old.cpu ?? []), ...(r.cpu ?? [])],
    ...(old.faults !== undefined && r.faults !== undefined ? { faults: [...old.faults, ...r.faults] } : {}),
    maxRssBytes: Math.max(old.maxRssBytes ?? 0, r.maxRssBytes ?? 0),
    ...(old.wasmBytes !== undefined || r.wasmBytes !== undefined ? { wasmBytes: Math.max(old.wasmBytes ?? 0, r.wasmBytes ?? 0) } : {}),
  };
}

const cpuModel = cpus()[0]?.model ?? "unknown CPU";
console.log(`# shapeproof bench — ${new Date().toISOString()}`);
console.log(
  `machine: ${cpus().length} CPUs, ${cpuModel}; node ${process.version}; ${ROUNDS} rounds x ${RUNS_PER_ROUND} timed runs ` +
    `(each in a fresh process after ${WARMUP} warm-up runs for W1, ${TRAIN_WARMUP} for W3-W6, 1 for tfjs-cpu), medians`,
);
console.log(
  `W1 = conv 3x3 64->64 on 64x128x128 (${(W1_FLOP / 1e9).toFixed(2)} GFLOP; W1 bwd = data + weight gradients, ${((2 * W1_FLOP) / 1e9).toFixed(2)}); ` +
    `W3 = UNet2 forward, baseC 64, 3x128x128 (${(W3_FLOP / 1e9).toFixed(2)} GFLOP); W4 = W3 + backward (${(W4_FLOP / 1e9).toFixed(2)} GFLOP)`,
);
console.log(
  `W5 = one training step (forward, mse, backward, Adam) of a transformer encoder layer, d_model 256, 4 heads, ff 1024, ` +
    `batch 8 x seq 128 (${(W5_FLOP / 1e9).toFixed(2)} GFLOP); W6 = one training step (cross-entropy, Adam) of an MLP 784-1024-1024-10 at ` +
    `batch 256 (${(W6_FLOP / 1e9).toFixed(2)} GFLOP); W5/W6 count the matrix products only, 3x the forward's\n`,
);

// This machine's f32x4 multiply-add peaks (both builds), one thread: measured now and between rounds (best burst kept).
const peakMeters = simdPeakMeters();
let peaks: SimdPeaks = measurePeaks(peakMeters);

// The peers' child processes import from bench/node_modules: install it (once) before the first of them.
if (inProcessSystems.some((s) => wanted(s.name) && !s.name.startsWith("shapeproof"))) ensurePeers();

const pythons = wanted("PyTorch") ? PYTHONS.filter(torchAvailable) : [];
for (const py of wanted("PyTorch") ? PYTHONS : []) {
  if (!pythons.includes(py)) notes.push(`PyTorch: skipped for ${py} — \`${py} -c "import torch"\` fails (Debian: apt-get install python3-torch).`);
}
for (const py of pythons) console.log(`${py}: ${torchConfig(py)}`);

console.log(`shapeproof's rows run on Node ${process.versions.node}${EXTRA_NODES.length > 0 ? " unless named otherwise" : ""}`);
/** The engine and kernel build of shapeproof's unnamed rows, as their processes report it (e.g. "Node 20.20.2, relaxed SIMD"). */
const mainRuntimes = new Set<string>();
console.log(`${describePageFaultCost(pageFaultCost())}`);

// What two threads really get (two spin loops ÷ one), before the sweep and after every round; the lowest counts.
const gains: number[] = [await twoThreadGain()];
console.log(`two threads get ${gains[0]!.toFixed(2)}x one thread's work now (2-thread ratios are meaningful at ≥ ${MEANINGFUL_TWO_THREAD_GAIN}x)\n`);

for (let round = 0; round < ROUNDS; round++) {
  for (const s of inProcessSystems) {
    if (!wanted(s.name)) continue;
    for (const w of workloads) {
      const p = plan(s.name, w, round);
      if (p === null) continue;
      if (typeof p === "string") {
        record({ system: s.name, workload: w, skip: p }, round);
        continue;
      }
      const [main, ...others] = nodeCommands(["--import", "tsx", runOne, s.name, w, String(p.runs), String(p.warmup)]);
      const r = child(main!.command, main!.args, s.name, w);
      record(r, round);
      if (!s.name.startsWith("shapeproof")) continue;
      if (r.runtime !== undefined) mainRuntimes.add(r.runtime);
      for (const node of others) {
        const o = child(node.command, node.args, s.name, w);
        record({ ...o, system: node.rowName(s.name, o.runtime) }, round);
      }
    }
  }
  for (const python of pythons) {
    for (const threads of [1, 2]) {
      for (const w of workloads) {
        const name = `PyTorch ${threads}t (${python})`;
        record(child(python, [torchScript, String(threads), w, String(RUNS_PER_ROUND), String(warmupFor(w))], name, w, torchEnv), round);
      }
    }
  }
  peaks = measurePeaks(peakMeters);
  gains.push(await twoThreadGain());
}

// ---- W5 / W6 against PyTorch in paired steps (scripts/bench/paired.ts) ---------------------------------------

/** One paired comparison: a shapeproof row and a PyTorch row on one training workload, step times in pair order. */
interface Paired {
  readonly workload: WorkloadName;
  readonly mine: string;
  readonly peer: string;
  readonly mineWall: readonly number[];
  readonly peerWall: readonly number[];
  readonly ratio: PairedRatio;
}
const paired: Paired[] = [];
const pairedWorkloads = PAIRS > 0 ? workloads.filter((w) => w === "W5" || w === "W6") : [];
for (const python of pairedWorkloads.length > 0 ? pythons : []) {
  for (const threads of [1, 2]) {
    const system = `shapeproof wasm ${threads}t`;
    if (!wanted(system)) continue;
    for (const w of pairedWorkloads) {
      for (const node of nodeCommands(["--import", "tsx", runOne, system, w, "serve", String(warmupFor(w))])) {
        const servers: StepServer[] = [];
        try {
          const cpu = threads === 1 ? PAIR_CPU : undefined;
          const mine = await startServer(node.command, node.args, { cwd: repoRoot, cpu });
          servers.push(mine);
          const peer = await startServer(python, [torchScript, String(threads), w, "serve", String(warmupFor(w))], {
            cwd: repoRoot,
            env: torchEnv,
            cpu,
          });
          servers.push(peer);
          const [a, b] = await runPairs([mine, peer], PAIRS, PAIR_GAP_MS);
          const mineWall = a.map((t) => t.wall);
          const peerWall = b.map((t) => t.wall);
          const entry: Paired = {
            workload: w,
            mine: node.rowName(system, mine.runtime),
            peer: peer.system,
            mineWall,
            peerWall,
            ratio: pairedRatio(mineWall, peerWall),
          };
          paired.push(entry);
          process.stderr.write(`  paired: ${entry.mine} and ${entry.peer} ${w}: ${PAIRS} pairs, ratio ${entry.ratio.median.toFixed(2)}\n`);
        } catch (e) {
          notes.push(`paired steps, ${w} ${system} and PyTorch ${threads}t (${python}): failed: ${(e as Error).message}`);
        } finally {
          for (const server of servers) await server.close();
        }
      }
    }
  }
}
if (paired.length > 0) gains.push(await twoThreadGain());

const twoThreadWorst = Math.min(...gains);
const twoThreadsMeaningful = twoThreadWorst >= MEANINGFUL_TWO_THREAD_GAIN;
console.log(
  `two threads got ${gains.map((g) => `${g.toFixed(2)}x`).join(", ")} one thread's work (before the sweep, after each round` +
    `${paired.length > 0 ? " and after the paired steps" : ""}): ` +
    (twoThreadsMeaningful
      ? "2-thread ratios below are meaningful.\n"
      : `below ${MEANINGFUL_TWO_THREAD_GAIN}x, so 2-thread ratios below say more about the neighbours than the code.\n`),
);

// ---- tables ---------------------------------------------------------------------------------------

function find(system: string, w: WorkloadName): BenchResult | undefined {
  return results.find((r) => r.system === system && r.workload === w);
}

/** The build whose peak a row is held against: shapeproof's from the runtime its process reported ("…, relaxed SIMD"), a peer's the higher. */
function peakBuildOf(system: string, runtime: string | undefined): PeakBuild {
  if (system.startsWith("shapeproof") && runtime !== undefined) return runtime.endsWith(relaxedSimdLabel) ? "fused" : "plain";
  return "fused";
}

type Stat = (xs: readonly number[]) => number;
const fastest: Stat = (xs) => Math.min(...xs);

function cell(system: string, w: WorkloadName, pick: (r: BenchResult) => readonly number[] | undefined, stat: Stat): string {
  const r = find(system, w);
  const xs = r ? pick(r) : undefined;
  if (r === undefined || xs === undefined) return "—";
  const ms = stat(xs);
  const ref = find(REFERENCE, w);
  const refXs = ref ? pick(ref) : undefined;
  const ratio = refXs ? ` · ${(ms / stat(refXs)).toFixed(2)}×` : "";
  const runs = xs.length < RUNS ? ` (${xs.length} run${xs.length > 1 ? "s" : ""})` : "";
  const fmt = ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
  return `${fmt} · ${(flop[w] / (ms * 1e6)).toFixed(1)} GF/s${ratio}${runs}`;
}

function table(title: string, pick: (r: BenchResult) => readonly number[] | undefined, stat: Stat = median): void {
  if (workloads.length === 0) return;
  console.log(`## ${title}\n`);
  console.log(`| system | ${workloads.join(" | ")} |`);
  console.log(`|---|${workloads.map(() => "---").join("|")}|`);
  for (const s of systems) console.log(`| ${s} | ${workloads.map((w) => cell(s, w, pick, stat)).join(" | ")} |`);
  console.log("");
}

table(`Wall clock (median; GFLOP/s; time ÷ ${REFERENCE}'s)`, (r) => r.wall);
table("Process CPU time, all threads (median; GFLOP per CPU-second; ÷ shapeproof 2t's)", (r) => r.cpu);
table("Fastest run, wall clock (the closest to an idle machine; ÷ shapeproof 2t's fastest)", (r) => r.wall, fastest);

const memoryWorkloads = workloads.filter((w) => w === "W4" || w === "W5" || w === "W6");
if (memoryWorkloads.length > 0) {
  console.log(`## Peak memory, ${memoryWorkloads.join(", ")} (each workload runs in its own process; peak RSS · WebAssembly memory)\n`);
  console.log(`| system | ${memoryWorkloads.join(" | ")} |`);
  console.log(`|---|${memoryWorkloads.map(() => "---").join("|")}|`);
  for (const s of systems) {
    const cells = memoryWorkloads.map((w) => {
      const r = find(s, w);
      if (r?.maxRssBytes === undefined) return "—";
      const wasm = r.wasmBytes === undefined ? "" : ` · ${(r.wasmBytes / 2 ** 20).toFixed(0)} MiB`;
      return `${(r.maxRssBytes / 2 ** 20).toFixed(0)} MiB${wasm}`;
    });
    if (cells.some((c) => c !== "—")) console.log(`| ${s} | ${cells.join(" | ")} |`);
  }
  console.log("");
}

// First touches of fresh memory: 0.1-0.5 µs each on common hardware, the header's figure on this machine.
console.log("## Page faults per timed run (median; minor faults of the whole process)\n");
console.log(`| system | ${workloads.join(" | ")} |`);
console.log(`|---|${workloads.map(() => "---").join("|")}|`);
for (const s of systems) {
  const cells = workloads.map((w) => {
    const f = find(s, w)?.faults;
    return f === undefined || f.length === 0 ? "—" : median(f).toFixed(0);
  });
  if (cells.some((c) => c !== "—")) console.log(`| ${s} | ${cells.join(" | ")} |`);
}
console.log("");

/** Threads a system runs on: "... 2t" in its name, else 1 (tfjs-wasm and tfjs-cpu run on the calling thread). */
const threadsOf = (system: string): number => Number(/(\d+)t\b/.exec(system)?.[1] ?? 1);

/** shapeproof's rows on `threads` threads: the default Node's, then each BENCH_NODES one's. */
const shapeproofRows = (threads: number): string[] => systems.filter((n) => n.startsWith(`shapeproof wasm ${threads}t`));

/**
 * One row of a targets table: the peer's median over shapeproof's, wall clock and CPU time, the paired steps' ratio
 * where they ran (`withPaired`), and whether the target is met: by the paired ratio where there is one (both systems
 * under the same load), else by the ratio of medians.
 */
function versus(w: WorkloadName, mine: string, peer: string, target: string, ok: (r: number) => boolean, withPaired = false): void {
  const a = find(mine, w);
  const b = find(peer, w);
  if (a?.wall === undefined || b?.wall === undefined) return;
  const wall = median(b.wall) / median(a.wall);
  const cpu = a.cpu && b.cpu ? (median(b.cpu) / median(a.cpu)).toFixed(2) : "—";
  const pair = paired.find((p) => p.workload === w && p.mine === mine && p.peer === peer);
  const decisive = pair?.ratio.median ?? wall;
  const met = peer.includes("reference BLAS")
    ? "n/a: reference BLAS"
    : threadsOf(mine) > 1 && !twoThreadsMeaningful
      ? `not meaningful: two threads got ${twoThreadWorst.toFixed(2)}x`
      : ok(decisive)
        ? "yes"
        : "**no**";
  const pairedCell = withPaired
    ? ` ${pair === undefined ? "—" : `${pair.ratio.median.toFixed(2)} [${pair.ratio.q1.toFixed(2)}, ${pair.ratio.q3.toFixed(2)}]`} |`
    : "";
  console.log(`| ${w} | ${mine} | ${peer} | ${wall.toFixed(2)} | ${cpu} |${pairedCell} ${target} | ${met} |`);
}

// ---- W5 / W6: the SIMD peak, and the issue's targets -------------------------------------------------

const training = workloads.filter((w) => w === "W5" || w === "W6");
if (training.length > 0) {
  console.log("## W5 / W6 next to this machine's WebAssembly SIMD peak\n");
  const native = nativeVectorExtension();
  console.log(
    `${describePeaks(peaks)} (\`simdPeak\` of each kernel build, best ~1 ms burst, measured in this run before and after every round). ` +
      "Each cell: median wall-clock GFLOP/s (matrix-product FLOP) ÷ (threads × the peak of the build the row ran; PyTorch's rows: " +
      `the higher peak). PyTorch's native kernels use ${native ?? "wider lanes than WebAssembly's 128 bits"}${native === null ? "" : " here"}, so its share can pass 100%.\n`,
  );
  console.log(`| system | ${training.join(" | ")} |`);
  console.log(`|---|${training.map(() => "---").join("|")}|`);
  for (const s of systems) {
    const cells = training.map((w) => {
      const r = find(s, w);
      const xs = r?.wall;
      if (xs === undefined) return "—";
      const fused = peakBuildOf(s, r?.runtime) === "fused" && peaks.fused !== null;
      const peak = peakFor(peaks, fused ? "fused" : "plain").wall;
      const gf = flop[w] / (median(xs) * 1e6);
      return `${gf.toFixed(1)} GF/s · ${((100 * gf) / (threadsOf(s) * peak)).toFixed(0)}% of ${threadsOf(s)} × ${fused ? "fused" : "mul + add"} peak`;
    });
    if (cells.some((c) => c !== "—")) console.log(`| ${s} | ${cells.join(" | ")} |`);
  }
  console.log("");

  console.log("## W5 / W6 targets (issue: ≥ 3x faster than tfjs-wasm, within 2x of PyTorch)\n");
  console.log(
    "Ratios of medians over the rounds, wall clock and process CPU time, and the median [quartiles] of the per-pair " +
      `ratios of the paired steps (${PAIRS} pairs, each system in turn, ${PAIR_GAP_MS} ms idle before every step` +
      `${PAIR_CPU === undefined ? "" : `, one-thread pairs both on CPU ${PAIR_CPU}`}); > 1: ` +
      "shapeproof is faster. Met: by the paired ratio where there is one (both systems under the same load), else by the wall ratio.\n",
  );
  console.log("| workload | shapeproof | peer | wall: peer ÷ shapeproof | CPU: peer ÷ shapeproof | paired: peer ÷ shapeproof | target | met |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const w of training) {
    versus(w, REFERENCE, "tfjs-wasm", "≥ 3", (r) => r >= 3, true);
    for (const threads of [1, 2]) {
      for (const mine of shapeproofRows(threads)) {
        for (const s of systems.filter((n) => n.startsWith("PyTorch") && threadsOf(n) === threads))
          versus(w, mine, s, "≥ 0.5", (r) => r >= 0.5, true);
      }
    }
  }
  console.log("");
  if (paired.length > 0) {
    console.log("## W5 / W6 paired steps (step times in pair order, ms; the first of each pair alternates)\n");
    console.log("| workload | shapeproof | peer | shapeproof's steps | peer's steps | medians |");
    console.log("|---|---|---|---|---|---|");
    for (const p of paired) {
      const steps = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join(" ");
      console.log(
        `| ${p.workload} | ${p.mine} | ${p.peer} | ${steps(p.mineWall)} | ${steps(p.peerWall)} | ${median(p.mineWall).toFixed(1)} · ${median(p.peerWall).toFixed(1)} |`,
      );
    }
    console.log("");
  }
  if (systems.some((n) => n.startsWith("PyTorch") && n.includes("reference BLAS"))) {
    notes.push(
      "PyTorch with the reference BLAS (netlib's libblas.so.3, what Debian's python3-torch, built with BLAS_INFO=generic, " +
        "loads unless an optimised BLAS is installed) runs Linear / matmul at about 5 GFLOP/s: not a meaningful W5 / W6 target. " +
        "Give TORCH_PYTHON a python whose libblas.so.3 is OpenBLAS (docs/performance.md, Machine).",
    );
  }
}

// ---- W1 / W3 / W4: the speed issue's targets against PyTorch ----------------------------------------------

const convTargets = workloads.filter((w) => w === "W3" || w === "W4");
if (convTargets.length > 0 || workloads.includes("W1 fwd")) {
  console.log("## W1 / W3 / W4 targets (issue: W3 and W4 no slower than PyTorch at 1 and 2 threads; W1 fwd ≥ 110 GFLOP/s on 2 threads)\n");
  console.log("| workload | shapeproof | peer | wall: peer ÷ shapeproof | CPU: peer ÷ shapeproof | target | met (wall) |");
  console.log("|---|---|---|---|---|---|---|");
  for (const w of convTargets) {
    for (const threads of [1, 2]) {
      for (const mine of shapeproofRows(threads)) {
        for (const s of systems.filter((n) => n.startsWith("PyTorch") && threadsOf(n) === threads)) versus(w, mine, s, "≥ 1", (r) => r >= 1);
      }
    }
  }
  for (const mine of workloads.includes("W1 fwd") ? shapeproofRows(2) : []) {
    const w1 = find(mine, "W1 fwd")?.wall;
    if (w1 === undefined) continue;
    const gf = flop["W1 fwd"] / (median(w1) * 1e6);
    const met = !twoThreadsMeaningful ? `not meaningful: two threads got ${twoThreadWorst.toFixed(2)}x` : gf >= 110 ? "yes" : "**no**";
    console.log(`| W1 fwd | ${mine} | — | ${gf.toFixed(1)} GFLOP/s | — | ≥ 110 GFLOP/s | ${met} |`);
  }
  console.log("");
}

// ---- W7: certified bounds (CROWN) of UNet2 baseC 8 on 1x64x64 --------------------------------------------
if (workloadFilter.length === 0 || workloadFilter.includes("W7")) {
  const w7Script = fileURLToPath(new URL("./bench/w7.ts", import.meta.url));
  console.log(
    `## W7: certified bounds of UNet2 (inC 1, baseC ${W7_BASE_C}, outC 1, seeded init) on a 1x${W7_SIZE}x${W7_SIZE} image, L∞ ε ${W7_EPSILON}\n`,
  );
  console.log("| shapeproof | IBP | CROWN | outputs bounded | unstable ReLU inputs: IBP → CROWN | mean output width: IBP → CROWN | peak RSS |");
  console.log("|---|---|---|---|---|---|---|");
  for (const threads of W7_THREADS) {
    const r = spawnSync(process.execPath, ["--import", "tsx", w7Script, String(threads)], { encoding: "utf8", timeout: 60 * 60_000, cwd: repoRoot });
    const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("{"));
    if (r.status !== 0 || line === undefined) {
      console.log(
        `| wasm ${threads}t | failed (exit ${r.status}): ${(r.stderr ?? "").trim().split("\n").slice(-2).join(" / ").slice(0, 200)} | | | | | |`,
      );
      continue;
    }
    const w = JSON.parse(line) as W7Result;
    console.log(
      `| ${w.backend} | ${w.ibpSeconds.toFixed(2)} s | ${w.crownSeconds.toFixed(1)} s | ${w.outputs} | ${w.unstableIbp} → ${w.unstableCrown} | ` +
        `${w.meanWidthIbp.toPrecision(3)} → ${w.meanWidthCrown.toPrecision(3)} | ${(w.maxRssBytes / 2 ** 20).toFixed(0)} MiB |`,
    );
  }
  console.log(
    "\nCROWN is auto_LiRPA's (intermediate bounds of every unstable ReLU input by CROWN, then every output): each row goes " +
      "back to the input over its receptive field's window, so the time grows with the unstable count (docs/bounds.md, Cost).\n",
  );
}

// Same weights and inputs in every JS/ONNX system: their outputs must agree with shapeproof's. For the training
// steps, the losses of the first two steps (the second follows one Adam update, so it checks the gradients too);
// 1e-3 relative, since tfjs-wasm sums W5's 262144 squared errors in float32 (about 5e-5 off here).
const agreement: readonly (readonly [WorkloadName, number, string])[] = [
  ["W1 fwd", 1e-4, "64 sampled outputs"],
  ["W3", 1e-4, "64 sampled outputs"],
  ["W5", 1e-3, "the losses of the first two steps"],
  ["W6", 1e-3, "the losses of the first two steps"],
];
for (const [w, tolerance, what] of agreement) {
  const ref = find(REFERENCE, w)?.outputSample;
  if (ref === undefined) continue;
  for (const s of systems) {
    const o = find(s, w)?.outputSample;
    if (o === undefined || s === REFERENCE) continue;
    if (o.length !== ref.length) {
      notes.push(`${w}: ${s} not compared with ${REFERENCE} (${o.length} vs ${ref.length} values).`);
      continue;
    }
    const diff = Math.max(...o.map((v, i) => Math.abs(v - ref[i]!)));
    const scale = Math.max(...ref.map(Math.abs));
    const verdict = diff <= tolerance * scale ? "agrees" : "DISAGREES";
    const values = o.length <= 4 ? ` [${o.map((v) => v.toFixed(6)).join(", ")}] vs [${ref.map((v) => v.toFixed(6)).join(", ")}]` : "";
    notes.push(`${w}: ${s} ${verdict} with ${REFERENCE} (max |diff| ${diff.toExponential(1)} on ${what} of scale ${scale.toFixed(2)}${values}).`);
  }
}
for (const r of results) if (r.skip) notes.push(`${r.system} ${r.workload}: ${r.skip}`);
if (mainRuntimes.size > 0) notes.push(`shapeproof's rows not named otherwise ran on ${[...mainRuntimes].join("; ")}.`);
if (notes.length > 0) {
  console.log("## Notes\n");
  for (const n of notes) console.log(`- ${n}`);
}
