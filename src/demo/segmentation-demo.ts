import { syntheticShapes } from "../data/synthetic-shapes.js";
import { binaryIoU } from "../train/metrics.js";
import { type ProgressStream, formatDuration, progressBar } from "../train/progress.js";
import { type DemoPaths, writeDemoOutputs } from "./demo-outputs.js";
import { type BackendChoice, activateBackend } from "./kernel-backend.js";
import { type ImageBatch, createSegmenter, predictLogits } from "./segmenter.js";
import { trainSegmenter } from "./train-segmenter.js";

/** The demo's knobs: sizes, steps, seed and where to write its pictures. */
/** Options of `runSegmentationDemo`; every one has a default (`segmentationDemoDefaults`). */
export interface SegmentationDemoOptions {
  /** Output directory (default "out/demo"). */
  readonly outDir?: string;
  /** Image height and width (default 48; must be even, the U-Net's obligation). */
  readonly size?: number;
  /** The U-Net's base channel count (default 8). */
  readonly baseC?: number;
  /** Optimizer steps (default 600). */
  readonly steps?: number;
  /** Images per step (default 8). */
  readonly batchSize?: number;
  /** Training images (default 256) and held-out images (default 64). */
  readonly trainImages?: number;
  readonly testImages?: number;
  /** Held-out images drawn as PNG strips (default 4). */
  readonly strips?: number;
  /** Adam's peak learning rate (default 0.01). */
  readonly lr?: number;
  /** Seeds the data, the initial weights and the batch order (default 0). */
  readonly seed?: number;
  /** Held-out IoU the run must reach (default 0.85); `passed` says whether it did. */
  readonly targetIoU?: number;
  /** Kernel backend (default "wasm", falling back to "js" when WebAssembly SIMD is unavailable). */
  readonly backend?: BackendChoice;
  /** wasm threads, the calling one included (default 1). */
  readonly threads?: number;
  /** Where the progress bar goes (default process.stderr). */
  readonly progress?: ProgressStream;
  /** Where the report lines go (default console.log). */
  readonly log?: (line: string) => void;
}

/** Every default, in one place (the CLI's help prints them). */
export const segmentationDemoDefaults = {
  outDir: "out/demo",
  size: 48,
  baseC: 8,
  steps: 600,
  batchSize: 8,
  trainImages: 256,
  testImages: 64,
  strips: 4,
  lr: 0.01,
  seed: 0,
  targetIoU: 0.85,
  backend: "wasm",
  threads: 1,
} as const satisfies Required<Omit<SegmentationDemoOptions, "progress" | "log">>;

/** What the demo measured (held-out IoU against its target, the losses, the training time) and the files it wrote. */
/** What `runSegmentationDemo` reports: the IoU against its target, the losses, the backend and the files written. */
export interface SegmentationDemoResult {
  /** Mean held-out IoU of `logits > 0` against the masks. */
  readonly iou: number;
  readonly targetIoU: number;
  readonly passed: boolean;
  /** Loss of every training step. */
  readonly losses: readonly number[];
  /** Training time in seconds. */
  readonly trainSeconds: number;
  /** The kernel backend that ran. */
  readonly backend: string;
  readonly paths: DemoPaths;
  /** The held-out set and the trained model's logits on it (what the strips show). */
  readonly heldOut: { readonly images: ImageBatch; readonly masks: ImageBatch; readonly logits: ImageBatch };
}

/**
 * The end-to-end job behind `npm run demo` and `shapeproof demo`: a seeded synthetic segmentation set (ellipses and
 * rectangles on noise, with distractor lines), a UNet2 trained on it with a progress bar, held-out IoU, and
 * `outDir` filled with weights (safetensors), a loss curve and input | truth | prediction strips.
 */
export async function runSegmentationDemo(options: SegmentationDemoOptions = {}): Promise<SegmentationDemoResult> {
  const o = { ...segmentationDemoDefaults, ...definedOnly(options) };
  checkOptions(o);
  const log = options.log ?? ((line: string) => console.log(line));
  const { size, seed } = o;
  const model = createSegmenter(size, o.baseC, seed);
  const train = syntheticShapes({ n: o.trainImages, height: size, width: size, seed });
  const test = syntheticShapes({ n: o.testImages, height: size, width: size, seed: seed + 1 });
  const paramCount = Object.values(model.params).reduce((sum, t) => sum + t.size, 0);

  const active = await activateBackend(o.backend, o.threads);
  try {
    if (active.fallbackReason !== undefined) log(`wasm backend unavailable (${active.fallbackReason}); using ${active.name}`);
    log(`data: ${o.trainImages} training + ${o.testImages} held-out ${size}x${size} images (seed ${seed})`);
    log(`model: UNet2 1 -> 1 channel, baseC ${o.baseC}, ${paramCount.toLocaleString("en-US")} parameters; backend ${active.name}`);
    const bar = progressBar({ total: o.steps, label: "train", every: 50, ...(options.progress ? { stream: options.progress } : {}) });
    const start = performance.now();
    const losses = trainSegmenter(model, train.images, train.masks, {
      steps: o.steps,
      batchSize: o.batchSize,
      lr: o.lr,
      seed,
      onStep: (_step, loss) => bar.tick({ loss, items: o.batchSize }),
    });
    bar.done();
    const trainSeconds = (performance.now() - start) / 1000;
    const logits = predictLogits(model, test.images);
    const iou = binaryIoU(logits, test.masks).mean;
    const paths = await writeDemoOutputs(o.outDir, {
      model,
      losses,
      images: test.images,
      masks: test.masks,
      logits,
      strips: o.strips,
      scale: Math.max(1, Math.round(192 / size)),
      metadata: {
        inC: "1",
        outC: "1",
        baseC: String(o.baseC),
        inH: String(size),
        inW: String(size),
        steps: String(o.steps),
        seed: String(seed),
        heldOutIoU: iou.toFixed(4),
      },
    });
    const passed = iou >= o.targetIoU;
    log(`trained ${o.steps} steps in ${formatDuration(trainSeconds)} (${trainSeconds.toFixed(1)} s) on ${active.name}`);
    log(`held-out IoU ${iou.toFixed(4)} on ${o.testImages} images (target >= ${o.targetIoU}): ${passed ? "reached" : "MISSED"}`);
    log(`weights:    ${paths.weights}`);
    log(`loss curve: ${paths.lossCurve}  (mean loss per ${paths.lossWindow} step${paths.lossWindow === 1 ? "" : "s"})`);
    for (const strip of paths.strips) log(`strip:      ${strip}  (input | truth | prediction)`);
    const heldOut = { images: test.images, masks: test.masks, logits };
    return { iou, targetIoU: o.targetIoU, passed, losses, trainSeconds, backend: active.name, paths, heldOut };
  } finally {
    active.release();
  }
}

function checkOptions(o: Required<Omit<SegmentationDemoOptions, "progress" | "log">>): void {
  const atLeast = (name: string, value: number, min: number): void => {
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`runSegmentationDemo: ${name} must be an integer ≥ ${min}, got ${value}`);
  };
  atLeast("size", o.size, 1);
  atLeast("baseC", o.baseC, 1);
  atLeast("steps", o.steps, 1);
  atLeast("batchSize", o.batchSize, 1);
  atLeast("trainImages", o.trainImages, o.batchSize);
  atLeast("testImages", o.testImages, 1);
  atLeast("strips", o.strips, 0);
  atLeast("threads", o.threads, 1);
  if (!Number.isSafeInteger(o.seed)) throw new RangeError(`runSegmentationDemo: seed must be a safe integer, got ${o.seed}`);
  if (!(o.lr > 0 && Number.isFinite(o.lr))) throw new RangeError(`runSegmentationDemo: lr must be a finite number > 0, got ${o.lr}`);
  if (!(o.targetIoU >= 0 && o.targetIoU <= 1)) throw new RangeError(`runSegmentationDemo: targetIoU must be in [0, 1], got ${o.targetIoU}`);
  if (o.backend !== "wasm" && o.backend !== "js")
    throw new RangeError(`runSegmentationDemo: backend must be "wasm" or "js", got ${JSON.stringify(o.backend)}`);
}

/** The options without keys set to undefined, so they do not override the defaults. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
