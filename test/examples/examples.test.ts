/**
 * The runnable examples (examples/*.ts), each in its `--quick` form, in process: it trains, prints a progress
 * bar, writes its summary, weights and pictures, beats the untrained model, and its weights load back into a
 * fresh model that scores the same. Plus the command line: flags, help, and exit code 1 below the target.
 * The full runs and their targets are measured by hand (docs/examples.md): too long for a unit test.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentBackend } from "../../src/backend.js";
import { parseSafetensors } from "../../src/io/safetensors.js";
import { binaryIoU } from "../../src/train/metrics.js";
import { UNetUpsample } from "../../src/nn/unet-upsample.js";
import { accuracy, createDigitsModel, digitsData, digitsQuick, predictDigits, run as runDigits } from "../../examples/digits.js";
import { type ExampleResult, parseFlags } from "../../examples/lib/common.js";
import { syntheticDigits } from "../../examples/lib/digits-data.js";
import { sortingTask } from "../../examples/lib/sort-data.js";
import { SortTransformer, run as runTransformer, scoreSorting, sortingData, transformerQuick } from "../../examples/transformer.js";
import { predictMasks, run as runUNet, shapesData, unetUpsampleQuick } from "../../examples/unet-upsample.js";

let root = "";
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "shapeproof-examples-"));
});
afterAll(async () => {
  if (root !== "") await rm(root, { recursive: true, force: true });
});

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A progress stream that records what the bar writes. */
function recorder(): { write(chunk: string): boolean; readonly text: () => string } {
  const chunks: string[] = [];
  return { write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join("") };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Runs one example quietly into a fresh directory and checks everything every example promises. */
async function checkRun(
  name: string,
  start: (o: { outDir: string; log: (l: string) => void; progress: { write(c: string): boolean } }) => Promise<ExampleResult>,
  steps: number,
) {
  const outDir = join(root, name);
  const lines: string[] = [];
  const progress = recorder();
  const backendBefore = currentBackend();
  const result = await start({ outDir, log: (l) => lines.push(l), progress });

  expect(currentBackend(), "the example restores the previous backend").toBe(backendBefore);
  expect(result.name).toBe(name);
  expect(result.steps).toBe(steps);
  expect(result.losses).toHaveLength(steps);
  expect(result.losses.every((l) => Number.isFinite(l))).toBe(true);
  const tenth = Math.max(1, Math.floor(steps / 10));
  expect(mean(result.losses.slice(-tenth)), "the loss falls").toBeLessThan(mean(result.losses.slice(0, tenth)));
  expect(result.passed).toBe(result.metric >= result.target);

  // Progress bar: a line per tenth of the run off a TTY, ending at steps/steps.
  expect(progress.text()).toContain(`train ${steps}/${steps} loss `);
  expect(lines.some((l) => l.startsWith(`trained ${steps} steps`))).toBe(true);

  // Files: the summary agrees with the result; the PNGs are PNGs; the weights parse.
  const summary = JSON.parse(await readFile(result.paths.summary, "utf8")) as Record<string, unknown>;
  expect(summary["example"]).toBe(name);
  expect(summary["metric"]).toBe(result.metric);
  expect(summary["initialMetric"]).toBe(result.initialMetric);
  expect(summary["passed"]).toBe(result.passed);
  expect(summary["steps"]).toBe(steps);
  expect(result.paths.summary).toBe(join(outDir, "summary.json"));
  for (const png of [result.paths.lossCurve, ...result.paths.extra]) {
    expect(png.startsWith(outDir)).toBe(true);
    expect([...(await readFile(png)).subarray(0, 8)]).toEqual(pngSignature);
  }
  const weights = parseSafetensors(new Uint8Array(await readFile(result.paths.weights)));
  expect(weights.metadata["example"]).toBe(name);
  return { result, weights: Object.fromEntries(weights.tensors) };
}

describe("examples (quick runs)", () => {
  it("digits: trains, writes its files, beats the untrained model; the weights reload and score the same", async () => {
    const { result, weights } = await checkRun("digits", (o) => runDigits({ ...digitsQuick, ...o }), digitsQuick.steps);
    expect(result.metricName).toBe("held-out accuracy");
    expect(result.initialMetric).toBeLessThan(0.25); // ten classes: chance is 0.1
    expect(result.metric).toBeGreaterThan(result.initialMetric + 0.15);
    expect(result.paths.extra.map((p) => p.slice(-16))).toEqual(["/predictions.png"]);

    const fresh = createDigitsModel();
    fresh.loadStateDict(weights);
    const { test } = digitsData(0, 1, digitsQuick.testImages);
    expect(accuracy(predictDigits(fresh, test.images), test.labels)).toBe(result.metric);
  });

  it("transformer: trains, writes its files, beats the untrained model; the weights reload and score the same", async () => {
    const { result, weights } = await checkRun("transformer", (o) => runTransformer({ ...transformerQuick, ...o }), transformerQuick.steps);
    expect(result.metricName).toBe("held-out token accuracy");
    expect(result.initialMetric).toBeLessThan(0.25); // ten tokens: chance is about 0.1
    expect(result.metric).toBeGreaterThan(result.initialMetric + 0.3);
    expect(Object.keys(weights)).toContain("layers.0.self_attn.in_proj_weight");

    const fresh = new SortTransformer();
    fresh.loadStateDict(weights);
    const { test } = sortingData(0, 1, transformerQuick.testSequences);
    expect(scoreSorting(fresh, test.inputs, test.targets).tokenAccuracy).toBe(result.metric);
  });

  it("unet-upsample: trains, writes its files, beats the untrained model; the weights reload and score the same", async () => {
    const { result, weights } = await checkRun("unet-upsample", (o) => runUNet({ ...unetUpsampleQuick, ...o }), unetUpsampleQuick.steps);
    expect(result.metricName).toBe("held-out IoU");
    expect(result.metric).toBeGreaterThan(result.initialMetric + 0.3);
    expect(result.paths.extra.map((p) => p.slice(-14))).toEqual(["/heldout-0.png", "/heldout-1.png", "/heldout-2.png", "/heldout-3.png"]);

    const fresh = new UNetUpsample({ inC: 1, outC: 1, baseC: 8, groups: 2, seed: 123 });
    fresh.loadStateDict(weights);
    const { test } = shapesData(0, 1, unetUpsampleQuick.testImages);
    expect(binaryIoU(predictMasks(fresh, test.images), test.masks).mean).toBe(result.metric);
  });

  it("a run is deterministic: the same seed gives the same losses and the same weights file", async () => {
    const once = async (dir: string): Promise<{ losses: readonly number[]; bytes: Buffer }> => {
      const r = await runDigits({ steps: 8, trainImages: 64, testImages: 16, outDir: join(root, dir), log: () => undefined, progress: recorder() });
      return { losses: r.losses, bytes: await readFile(r.paths.weights) };
    };
    const a = await once("det-a");
    const b = await once("det-b");
    expect(b.losses).toEqual(a.losses);
    expect(b.bytes.equals(a.bytes)).toBe(true);
  });
});

describe("example data", () => {
  it("synthetic digits: seeded, in [0, 1], every digit present", () => {
    const a = syntheticDigits({ n: 200, size: 16, seed: 5 });
    const b = syntheticDigits({ n: 200, size: 16, seed: 5 });
    expect(a.images.shape).toEqual([200, 1, 16, 16]);
    expect(b.images.data).toEqual(a.images.data);
    expect(b.labels.data).toEqual(a.labels.data);
    expect(a.images.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(new Set(a.labels.data).size).toBe(10);
    expect(syntheticDigits({ n: 200, size: 16, seed: 6 }).images.data).not.toEqual(a.images.data);
  });

  it("sorting task: each target row is its input row sorted", () => {
    const { inputs, targets } = sortingTask({ n: 50, length: 8, vocab: 10, seed: 1 });
    for (let i = 0; i < 50; i++) {
      const row = Array.from(inputs.data.subarray(i * 8, (i + 1) * 8));
      expect(Array.from(targets.data.subarray(i * 8, (i + 1) * 8))).toEqual([...row].sort((x, y) => x - y));
      expect(row.every((t) => Number.isInteger(t) && t >= 0 && t < 10)).toBe(true);
    }
  });
});

describe("examples' command line", () => {
  it("parses the shared flags and refuses unknown ones", () => {
    expect(parseFlags(["--steps", "5", "--seed", "2", "--out", "d", "--backend", "js", "--threads", "2", "--quick"])).toEqual({
      steps: 5,
      seed: 2,
      outDir: "d",
      backend: "js",
      threads: 2,
      quick: true,
      help: false,
    });
    expect(() => parseFlags(["--steps", "many"])).toThrow("--steps must be an integer");
    expect(() => parseFlags(["--backend", "gpu"])).toThrow("--backend must be wasm or js");
    expect(() => parseFlags(["--bogus"])).toThrow();
  });

  it("exits 1 below the target, writing its files all the same", async () => {
    const outDir = join(root, "cli-digits");
    const child = spawnSync(process.execPath, ["--import", "tsx", "examples/digits.ts", "--quick", "--steps", "3", "--out", outDir], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.stderr).toContain("train 3/3");
    expect(child.stdout).toContain("MISSED");
    expect(child.status).toBe(1);
    const summary = JSON.parse(await readFile(join(outDir, "summary.json"), "utf8")) as Record<string, unknown>;
    expect(summary["passed"]).toBe(false);
    expect(summary["steps"]).toBe(3);
  });
});
