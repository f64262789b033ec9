/**
 * What the three examples share: command-line flags, the kernel backend, the progress bar, evaluation in
 * batches, and the files every run writes (summary.json, weights.safetensors, loss-curve.png).
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type BackendChoice, activateBackend, type ActiveBackend } from "../../src/demo/kernel-backend.js";
import { windowMeans } from "../../src/demo/demo-outputs.js";
import { writeFileAtomic } from "../../src/io/atomic-write.js";
import { serializeSafetensors } from "../../src/io/safetensors.js";
import type { Module } from "../../src/nn/module.js";
import { batches } from "../../src/train/loop.js";
import { type ProgressBar, type ProgressStream, formatDuration, progressBar } from "../../src/train/progress.js";
import { lossCurvePng } from "../../src/viz/loss-curve.js";

export type { BackendChoice };

/** Options every example's `run` takes (each adds its own). */
export interface CommonOptions {
  /** Optimizer steps. */
  readonly steps?: number;
  /** Seeds the data, the initial weights and the batch order. */
  readonly seed?: number;
  /** Where the results go (default `out/examples/<name>`). */
  readonly outDir?: string;
  /** Kernel backend (default "wasm", falling back to "js" when WebAssembly SIMD is unavailable). */
  readonly backend?: BackendChoice;
  /** wasm threads, the calling one included (default 1: cross-thread hand-offs cost more than they save on small tensors). */
  readonly threads?: number;
  /** Where the progress bar goes (default process.stderr). */
  readonly progress?: ProgressStream;
  /** Where the report lines go (default console.log). */
  readonly log?: (line: string) => void;
}

/** What every example's `run` returns. */
export interface ExampleResult {
  readonly name: string;
  /** What `metric` measures, e.g. "held-out accuracy". */
  readonly metricName: string;
  /** The held-out metric of the trained model. */
  readonly metric: number;
  /** The same metric before training (the freshly initialised model). */
  readonly initialMetric: number;
  readonly target: number;
  readonly passed: boolean;
  /** Loss of every training step. */
  readonly losses: readonly number[];
  readonly steps: number;
  /** Training time and whole-run time (data, training, evaluation, files), in seconds. */
  readonly trainSeconds: number;
  readonly totalSeconds: number;
  readonly backend: string;
  readonly paths: ExamplePaths;
}

export interface ExamplePaths {
  readonly summary: string;
  readonly weights: string;
  readonly lossCurve: string;
  /** Further pictures (e.g. held-out predictions). */
  readonly extra: readonly string[];
}

/** The flags every example understands, parsed from argv (unknown flags are an error). */
export interface ParsedFlags {
  readonly steps: number | undefined;
  readonly seed: number | undefined;
  readonly outDir: string | undefined;
  readonly backend: BackendChoice | undefined;
  readonly threads: number | undefined;
  readonly quick: boolean;
  readonly help: boolean;
}

export const flagHelp = `
  --steps N        optimizer steps
  --quick          a short run (a smoke test: the target is not expected to be met)
  --seed N         seed of the data, the weights and the batch order (default 0)
  --out DIR        output directory
  --backend B      wasm (default) or js
  --threads N      wasm threads (default 1)
  --help           this text`;

export function parseFlags(argv: readonly string[]): ParsedFlags {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      steps: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      backend: { type: "string" },
      threads: { type: "string" },
      quick: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const int = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!Number.isSafeInteger(v)) throw new RangeError(`--${name} must be an integer, got ${JSON.stringify(text)}`);
    return v;
  };
  const backend = values.backend;
  if (backend !== undefined && backend !== "wasm" && backend !== "js")
    throw new RangeError(`--backend must be wasm or js, got ${JSON.stringify(backend)}`);
  return {
    steps: int("steps", values.steps),
    seed: int("seed", values.seed),
    outDir: values.out,
    backend,
    threads: int("threads", values.threads),
    quick: values.quick === true,
    help: values.help === true,
  };
}

/** Throws unless `value` is an integer ≥ min. */
export function checkInt(op: string, name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${op}: ${name} must be an integer ≥ ${min}, got ${value}`);
}

/** True when this module is the script node / tsx was started with (not imported, e.g. by a test). */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(resolve(entry)).href === importMetaUrl;
}

/**
 * The body of every example's command line: parses the flags, prints help, runs, and sets the exit code
 * (1 when the metric misses its target or the run throws).
 */
export async function main(
  name: string,
  usage: string,
  argv: readonly string[],
  run: (flags: ParsedFlags) => Promise<ExampleResult>,
): Promise<number> {
  let flags: ParsedFlags;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    console.error(`example ${name}: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`usage: ${usage}${flagHelp}`);
    return 2;
  }
  if (flags.help) {
    console.log(`usage: ${usage}${flagHelp}`);
    return 0;
  }
  const result = await run(flags);
  return result.passed ? 0 : 1;
}

/** Runs `body` with the chosen backend active, restoring the previous one (and stopping wasm workers) after. */
export async function withBackend<T>(
  choice: BackendChoice,
  threads: number,
  log: (line: string) => void,
  body: (active: ActiveBackend) => Promise<T>,
): Promise<T> {
  const active = await activateBackend(choice, threads);
  try {
    if (active.fallbackReason !== undefined) log(`wasm backend unavailable (${active.fallbackReason}); using ${active.name}`);
    return await body(active);
  } finally {
    active.release();
  }
}

/** A progress bar labelled "train" on the given stream (stderr by default), a line every `every` steps off a TTY. */
export function trainingBar(total: number, stream: ProgressStream | undefined): ProgressBar {
  return progressBar({ total, label: "train", every: Math.max(1, Math.round(total / 10)), ...(stream === undefined ? {} : { stream }) });
}

/** Number of trainable scalars in a module. */
export function parameterCount(model: Module): number {
  return model.parameters().reduce((sum, p) => sum + p.size, 0);
}

export interface WriteResultsInput {
  readonly name: string;
  readonly outDir: string;
  readonly model: Module;
  readonly losses: readonly number[];
  /** Stored in the safetensors `__metadata__` (strings only). */
  readonly metadata: Readonly<Record<string, string>>;
  /** The JSON summary (paths are added). */
  readonly summary: Readonly<Record<string, unknown>>;
  /** Further PNGs by file name. */
  readonly pictures?: Readonly<Record<string, Uint8Array>>;
}

/**
 * Writes into `outDir` (created if needed), each file atomically: `weights.safetensors` (the model's state dict),
 * `loss-curve.png` (about 100 points, each the mean loss of a window of steps), any extra pictures, and
 * `summary.json` (the summary plus every path).
 */
export async function writeResults(input: WriteResultsInput): Promise<ExamplePaths> {
  const { outDir } = input;
  await mkdir(outDir, { recursive: true });
  const weights = join(outDir, "weights.safetensors");
  await writeFileAtomic(weights, serializeSafetensors(input.model.stateDict(), input.metadata));
  const lossCurve = join(outDir, "loss-curve.png");
  const window = Math.max(1, Math.ceil(input.losses.length / 100));
  await writeFileAtomic(lossCurve, lossCurvePng(windowMeans(input.losses, window), { stepsPerPoint: window }));
  const extra: string[] = [];
  for (const [file, png] of Object.entries(input.pictures ?? {})) {
    const path = join(outDir, file);
    await writeFileAtomic(path, png);
    extra.push(path);
  }
  const summaryPath = join(outDir, "summary.json");
  const paths: ExamplePaths = { summary: summaryPath, weights, lossCurve, extra };
  const text = `${JSON.stringify({ example: input.name, ...input.summary, lossWindow: window, files: paths }, null, 2)}\n`;
  await writeFileAtomic(summaryPath, new TextEncoder().encode(text));
  return paths;
}

/** What `finishExample` needs beyond `WriteResultsInput`: the run's measurements. */
export interface FinishInput extends WriteResultsInput {
  readonly metricName: string;
  readonly metric: number;
  readonly initialMetric: number;
  readonly target: number;
  readonly steps: number;
  readonly trainSeconds: number;
  /** `performance.now()` when the run started. */
  readonly started: number;
  readonly backend: string;
  readonly log: (line: string) => void;
}

/**
 * Every example's last step: writes its results (the summary with the whole run's seconds), reports them, and
 * returns the result; passed means the metric reached its target.
 */
export async function finishExample(input: FinishInput): Promise<ExampleResult> {
  const paths = await writeResults({ ...input, summary: { ...input.summary, totalSeconds: (performance.now() - input.started) / 1000 } });
  const result: ExampleResult = {
    name: input.name,
    metricName: input.metricName,
    metric: input.metric,
    initialMetric: input.initialMetric,
    target: input.target,
    passed: input.metric >= input.target,
    losses: input.losses,
    steps: input.steps,
    trainSeconds: input.trainSeconds,
    totalSeconds: (performance.now() - input.started) / 1000,
    backend: input.backend,
    paths,
  };
  report(input.log, result);
  return result;
}

/** The options a command line gives an example's `run`: its quick settings under --quick, then the flags. */
export function optionsFromFlags<O extends CommonOptions>(flags: ParsedFlags, quick: O): O | CommonOptions {
  return {
    ...(flags.quick ? quick : {}),
    ...(flags.steps === undefined ? {} : { steps: flags.steps }),
    seed: flags.seed,
    outDir: flags.outDir,
    backend: flags.backend,
    threads: flags.threads,
  };
}

/** The closing report lines every example prints. */
export function report(log: (line: string) => void, r: ExampleResult): void {
  const pct = (v: number): string => (r.metricName.includes("IoU") ? v.toFixed(4) : `${(100 * v).toFixed(2)}%`);
  log(
    `trained ${r.steps} steps in ${formatDuration(r.trainSeconds)} (${r.trainSeconds.toFixed(1)} s, whole run ${r.totalSeconds.toFixed(1)} s) on ${r.backend}`,
  );
  log(`${r.metricName}: ${pct(r.metric)} (untrained ${pct(r.initialMetric)}; target >= ${pct(r.target)}): ${r.passed ? "reached" : "MISSED"}`);
  log(`summary:    ${r.paths.summary}`);
  log(`weights:    ${r.paths.weights}`);
  log(`loss curve: ${r.paths.lossCurve}`);
  for (const p of r.paths.extra) log(`picture:    ${p}`);
}

/** Seeded shuffled mini-batches of row indices, epoch after epoch, without end (each epoch its own order). */
export function* endlessBatches(n: number, batchSize: number, seed: number): Generator<number[], never, undefined> {
  if (batchSize > n) throw new RangeError(`endlessBatches: batchSize ${batchSize} exceeds the ${n} training items`);
  for (let epoch = 0; ; epoch++) yield* batches(n, batchSize, { seed, epoch, dropLast: true });
}

/** `[start, start + count)` as an array of indices: a contiguous evaluation chunk. */
export function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
