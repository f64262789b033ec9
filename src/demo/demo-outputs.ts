import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic-write.js";
import { writeSafetensors } from "../io/safetensors-file.js";
import { imageStripPng, type Panel, tensorPanel } from "../viz/image-strip.js";
import { lossCurvePng } from "../viz/loss-curve.js";
import type { ImageBatch, Segmenter } from "./segmenter.js";

/** What the demo writes, by path. */
export interface DemoPaths {
  readonly weights: string;
  readonly lossCurve: string;
  /** Steps averaged per point of the loss curve. */
  readonly lossWindow: number;
  readonly strips: readonly string[];
}

export interface DemoOutputs {
  readonly model: Segmenter;
  readonly losses: readonly number[];
  readonly images: ImageBatch;
  readonly masks: ImageBatch;
  readonly logits: ImageBatch;
  /** How many held-out images get a strip. */
  readonly strips: number;
  /** Strip upscaling (nearest neighbour). */
  readonly scale: number;
  /** Stored as the safetensors `__metadata__` (sizes, so the file can be checked: `shapeproof inspect`). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Means of consecutive windows of `window` values (the last may be shorter): a per-step loss is noisy. */
export function windowMeans(values: readonly number[], window: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += window) {
    const part = values.slice(i, i + window);
    out.push(part.reduce((a, b) => a + b, 0) / part.length);
  }
  return out;
}

/** σ(logit): the predicted foreground probability, shown in the strips on a fixed [0, 1] scale. */
function probabilities(panel: Panel): Panel {
  const p = Float32Array.from(panel.data, (x) => 1 / (1 + Math.exp(-x)));
  return { ...panel, data: p, range: "unit" };
}

/**
 * Writes into `dir` (created if needed): `unet2-segmenter.safetensors` (the weights, atomically),
 * `loss-curve.png` (mean loss per window of steps), and `heldout-K.png` strips (input | truth | predicted probability) for the first held-out
 * images. Every file is written to a temporary name and renamed, so a crash never leaves half a file.
 */
export async function writeDemoOutputs(dir: string, o: DemoOutputs): Promise<DemoPaths> {
  await mkdir(dir, { recursive: true });
  const weights = join(dir, "unet2-segmenter.safetensors");
  await writeSafetensors(weights, o.model.stateDict(), o.metadata);
  const lossCurve = join(dir, "loss-curve.png");
  // About 100 points: each the mean loss of `lossWindow` consecutive steps.
  const lossWindow = Math.max(1, Math.ceil(o.losses.length / 100));
  await writeFileAtomic(lossCurve, lossCurvePng(windowMeans(o.losses, lossWindow), { stepsPerPoint: lossWindow }));
  const strips: string[] = [];
  const count = Math.min(o.strips, o.images.shape[0]);
  for (let k = 0; k < count; k++) {
    const panels = [tensorPanel(o.images, k, 0, "unit"), tensorPanel(o.masks, k, 0, "unit"), probabilities(tensorPanel(o.logits, k))];
    const path = join(dir, `heldout-${k}.png`);
    await writeFileAtomic(path, imageStripPng(panels, { scale: o.scale, separator: 4, labels: ["input", "truth", "prediction"] }));
    strips.push(path);
  }
  return { weights, lossCurve, lossWindow, strips };
}
