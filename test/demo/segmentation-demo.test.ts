// The demo pipeline at a tiny size: every output exists and parses, the weights reproduce the predictions.
import { readFileSync } from "node:fs";
import { type DecodedPng, decode } from "fast-png";
import { afterAll, describe, expect, it } from "vitest";
import { useBackend } from "../../src/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { createSegmenter, runSegmentationDemo, windowMeans } from "../../src/demo/index.js";
import { readSafetensors } from "../../src/io/index.js";
import { binaryIoU } from "../../src/train/metrics.js";
import { stripLabelBand } from "../../src/viz/index.js";
import { runCli, tempDir } from "../cli/helpers.js";

const tmp = tempDir("shapeproof-demo-");
afterAll(() => tmp.cleanup());

function png(path: string): DecodedPng {
  const bytes = readFileSync(path);
  expect(Array.from(bytes.subarray(0, 8)), path).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  return decode(bytes);
}

const tiny = { size: 16, baseC: 2, steps: 6, batchSize: 2, trainImages: 6, testImages: 3, strips: 2, targetIoU: 0, seed: 3 } as const;

describe("runSegmentationDemo (tiny)", () => {
  it("writes weights, loss curve and strips that parse; the weights reproduce the held-out predictions", async () => {
    // currentBackend() wraps the active backend in a guard; useBackend returns the active one itself.
    const before = useBackend(jsBackend);
    useBackend(before);
    const lines: string[] = [];
    let progress = "";
    const outDir = tmp.path("run");
    const result = await runSegmentationDemo({
      ...tiny,
      outDir,
      progress: { write: (s: string) => (progress += s), isTTY: false },
      log: (l) => lines.push(l),
    });
    const after = useBackend(before);
    expect(after, "the previous backend is restored").toBe(before);
    expect(result.backend).toMatch(/^(wasm-simd-1t|js)$/);

    expect(result.losses).toHaveLength(tiny.steps);
    expect(result.losses.every(Number.isFinite)).toBe(true);
    expect(progress).toMatch(/^train 6\/6 loss \S+ [\d.]+ items\/s elapsed \d+:\d\d\n$/);
    expect(result.iou).toBe(binaryIoU(result.heldOut.logits, result.heldOut.masks).mean);
    expect(result.passed).toBe(true);

    // every path is printed
    const report = lines.join("\n");
    expect(report).toContain(`held-out IoU ${result.iou.toFixed(4)} on 3 images`);
    for (const path of [result.paths.weights, result.paths.lossCurve, ...result.paths.strips]) expect(report).toContain(path);
    expect(result.paths.strips).toEqual([tmp.path("run/heldout-0.png"), tmp.path("run/heldout-1.png")]);

    // strips: three 16×16 panels upscaled 12× (192 px) with 4-px separators, under a caption band
    for (const strip of result.paths.strips) {
      const p = png(strip);
      expect([p.width, p.height]).toEqual([3 * 192 + 2 * 4, 192 + stripLabelBand]);
    }
    const curve = png(result.paths.lossCurve);
    expect([curve.width, curve.height]).toEqual([640, 360]);

    // weights: load into a differently initialised UNet2 and reproduce the logits
    const { tensors, metadata } = await readSafetensors(result.paths.weights);
    expect(metadata).toMatchObject({ inC: "1", outC: "1", baseC: "2", inH: "16", inW: "16", steps: "6", seed: "3" });
    const reloaded = createSegmenter(tiny.size, tiny.baseC, 99);
    reloaded.loadStateDict(Object.fromEntries(tensors));
    const logits = reloaded.forward(result.heldOut.images).data;
    const want = result.heldOut.logits.data;
    expect(logits.length).toBe(want.length);
    // the demo ran on wasm (or its js fallback), the reload on js: float32 rounding may differ in the last bits
    for (let i = 0; i < want.length; i++) expect(Math.abs(logits[i]! - want[i]!), `logit ${i}`).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(want[i]!));
  });

  it("is reproducible: same seed, same losses on the js backend", async () => {
    const quiet = { progress: { write: () => true }, log: () => undefined, backend: "js" } as const;
    const a = await runSegmentationDemo({ ...tiny, ...quiet, outDir: tmp.path("a") });
    const b = await runSegmentationDemo({ ...tiny, ...quiet, outDir: tmp.path("b") });
    expect(b.losses).toEqual(a.losses);
    expect(a.backend).toBe("js");
  });

  it("rejects bad options with the option's name, and sizes the U-Net cannot take with the obligation", async () => {
    const quiet = { progress: { write: () => true }, log: () => undefined, outDir: tmp.path("bad") } as const;
    await expect(runSegmentationDemo({ ...tiny, ...quiet, steps: 0 })).rejects.toThrow("runSegmentationDemo: steps must be an integer ≥ 1, got 0");
    await expect(runSegmentationDemo({ ...tiny, ...quiet, trainImages: 1 })).rejects.toThrow("trainImages must be an integer ≥ 2, got 1");
    await expect(runSegmentationDemo({ ...tiny, ...quiet, size: 15 })).rejects.toThrow(
      "UNet2 h_upH: maxPool2d(2,2) then convTranspose2d(2,2) maps H 15 → 14; H must be even",
    );
  });
});

describe("shapeproof demo", () => {
  it("exits 1 and says so when the IoU target is missed", async () => {
    const outDir = tmp.path("cli");
    const r = await runCli(
      "demo",
      "--out",
      outDir,
      "--size",
      "16",
      "--base-c",
      "2",
      "--steps",
      "2",
      "--batch",
      "2",
      "--train-images",
      "4",
      "--test-images",
      "2",
      "--target",
      "1",
      "--backend",
      "js",
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("(target >= 1): MISSED");
    expect(r.stdout).toContain(`${outDir}/unet2-segmenter.safetensors`);
    expect(r.stderr).toMatch(/shapeproof demo: held-out IoU [\d.]+ is below the target 1\n$/);
  });
});

describe("windowMeans", () => {
  it("averages consecutive windows, the last one shorter", () => {
    expect(windowMeans([1, 2, 3, 4, 5], 2)).toEqual([1.5, 3.5, 5]);
    expect(windowMeans([1, 2], 1)).toEqual([1, 2]);
    expect(windowMeans([], 3)).toEqual([]);
  });
});
