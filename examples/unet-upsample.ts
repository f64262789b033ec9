/**
 * `npm run example:unet-upsample [-- --steps N | --quick]`: a U-Net learns to segment shapes.
 *
 * Data: the demo's seeded synthetic segmentation set (src/data/synthetic-shapes.ts) — filled ellipses and
 * rectangles on a noisy background with a brightness gradient and thin bright distractor lines, 48×48, with the
 * mask of the shapes. Model: UNetUpsample (src/nn/unet-upsample.ts) — two levels, GroupNorm after every 3×3
 * conv, bilinear upsampling plus a conv instead of a transposed conv — trained with per-pixel BCE-with-logits and
 * Adam through `loss.backward()`. Target: held-out IoU of `logits > 0` against the masks ≥ 0.85 (the process
 * exits 1 below it).
 */
import { noGrad } from "../src/autograd/grad-mode.js";
import { syntheticShapes } from "../src/data/synthetic-shapes.js";
import { UNetUpsample } from "../src/nn/unet-upsample.js";
import { type Tensor, zeros } from "../src/tensor/tensor.js";
import { takeRows } from "../src/train/loop.js";
import { bceWithLogits } from "../src/train/losses/bce-with-logits.js";
import { cosineLr } from "../src/train/lr-schedule.js";
import { binaryIoU } from "../src/train/metrics.js";
import { adam } from "../src/train/optimizers/adam.js";
import { imageStripPng, type Panel, tensorPanel } from "../src/viz/image-strip.js";
import {
  type CommonOptions,
  type ExampleResult,
  checkInt,
  endlessBatches,
  isMain,
  main,
  parameterCount,
  range,
  trainingBar,
  withBackend,
  finishExample,
  optionsFromFlags,
} from "./lib/common.js";

export interface UNetUpsampleExampleOptions extends CommonOptions {
  /** Images per step. */
  readonly batchSize?: number;
  /** Adam's peak learning rate (linear warm-up, then cosine decay to 0). */
  readonly lr?: number;
  readonly trainImages?: number;
  readonly testImages?: number;
  /** Channels of the U-Net's first level (the bottleneck has twice as many). */
  readonly baseC?: number;
  /** Held-out IoU the run must reach. */
  readonly target?: number;
}

export const unetUpsampleDefaults = {
  steps: 600,
  batchSize: 8,
  lr: 0.01,
  trainImages: 256,
  testImages: 64,
  baseC: 8,
  target: 0.85,
  seed: 0,
  outDir: "out/examples/unet-upsample",
  backend: "wasm",
  threads: 1,
} as const;

/** What `--quick` runs: a smoke test of a few seconds (the target is not expected to be met). */
export const unetUpsampleQuick = { steps: 100, trainImages: 64, testImages: 16 } as const;

/** Image side in pixels (even: the U-Net pools once). */
const SIZE = 48;

/** The demo's data: the training set from `seed`, the held-out set from `seed + 1`. */
export function shapesData(seed: number, trainImages: number, testImages: number) {
  return {
    train: syntheticShapes({ n: trainImages, height: SIZE, width: SIZE, seed }),
    test: syntheticShapes({ n: testImages, height: SIZE, width: SIZE, seed: seed + 1 }),
  };
}

type Images = Tensor<[number, 1, typeof SIZE, typeof SIZE]>;

/** Logits for every image (evaluation mode, no tape), `chunk` images at a time. */
export function predictMasks(model: UNetUpsample<1, 1>, images: Images, chunk = 16): Images {
  const n = images.shape[0];
  const out: Images = zeros([n, 1, SIZE, SIZE]);
  model.eval();
  noGrad(() => {
    for (let start = 0; start < n; start += chunk) {
      const logits = model.forward(takeRows(images, range(start, Math.min(chunk, n - start)))); // Tensor<[number, 1, 48, 48]>
      out.data.set(logits.data, start * SIZE * SIZE);
    }
  });
  model.train();
  return out;
}

/** σ(logit) on a fixed [0, 1] scale: the predicted foreground probability. */
function probabilities(panel: Panel): Panel {
  return { ...panel, data: Float32Array.from(panel.data, (x) => 1 / (1 + Math.exp(-x))), range: "unit" };
}

export async function run(options: UNetUpsampleExampleOptions = {}): Promise<ExampleResult> {
  const started = performance.now();
  const d = unetUpsampleDefaults;
  const steps = options.steps ?? d.steps;
  const batchSize = options.batchSize ?? d.batchSize;
  const lr = options.lr ?? d.lr;
  const trainImages = options.trainImages ?? d.trainImages;
  const testImages = options.testImages ?? d.testImages;
  const baseC = options.baseC ?? d.baseC;
  const target = options.target ?? d.target;
  const seed = options.seed ?? d.seed;
  const outDir = options.outDir ?? d.outDir;
  const log = options.log ?? ((line: string) => console.log(line));
  for (const [name, value, min] of [
    ["steps", steps, 1],
    ["batchSize", batchSize, 1],
    ["trainImages", trainImages, batchSize],
    ["testImages", testImages, 1],
    ["baseC", baseC, 2],
  ] as const) {
    checkInt("unet-upsample", name, value, min);
  }
  if (baseC % 2 !== 0) throw new RangeError(`unet-upsample: baseC must be even (GroupNorm's 2 groups), got ${baseC}`);

  const { train, test } = shapesData(seed, trainImages, testImages);
  const model = new UNetUpsample({ inC: 1, outC: 1, baseC, groups: 2, seed });

  return withBackend(options.backend ?? d.backend, options.threads ?? d.threads, log, async (active) => {
    log(`data: ${trainImages} training + ${testImages} held-out ${SIZE}x${SIZE} synthetic shapes images (seed ${seed})`);
    log(`model: UNetUpsample 1 -> 1 channel, baseC ${baseC}, ${parameterCount(model).toLocaleString("en-US")} parameters; backend ${active.name}`);
    const initialMetric = binaryIoU(predictMasks(model, test.images), test.masks).mean;

    const optimizer = adam(model.parameters(), { lr });
    const schedule = { lr, total: steps, warmup: Math.min(20, Math.floor(steps / 10)) };
    const bar = trainingBar(steps, options.progress);
    const order = endlessBatches(trainImages, batchSize, seed);
    const losses: number[] = [];
    const trainStart = performance.now();
    for (let step = 0; step < steps; step++) {
      const rows = order.next().value;
      const logits = model.forward(takeRows(train.images, rows)); // Tensor<[number, 1, 48, 48]>
      const loss = bceWithLogits(logits, takeRows(train.masks, rows)); // Tensor<[]>
      optimizer.zeroGrad();
      loss.backward();
      optimizer.lr = cosineLr(step, schedule);
      optimizer.step();
      losses.push(loss.item());
      bar.tick({ loss: loss.item(), items: batchSize });
    }
    bar.done();
    const trainSeconds = (performance.now() - trainStart) / 1000;

    const logits = predictMasks(model, test.images);
    const iou = binaryIoU(logits, test.masks);
    const metric = iou.mean;
    const passed = metric >= target;
    const pictures: Record<string, Uint8Array> = {};
    for (let k = 0; k < Math.min(4, testImages); k++) {
      const panels = [tensorPanel(test.images, k, 0, "unit"), tensorPanel(test.masks, k, 0, "unit"), probabilities(tensorPanel(logits, k))];
      pictures[`heldout-${k}.png`] = imageStripPng(panels, { scale: 4, separator: 4, labels: ["input", "truth", "prediction"] });
    }
    const summary = {
      metricName: "held-out IoU",
      metric,
      initialMetric,
      target,
      passed,
      worstImageIoU: Math.min(...iou.perImage),
      steps,
      batchSize,
      lr,
      seed,
      trainImages,
      testImages,
      imageSize: SIZE,
      baseC,
      parameters: parameterCount(model),
      finalLoss: losses[losses.length - 1],
      trainSeconds,
      backend: active.name,
    };
    return finishExample({
      name: "unet-upsample",
      outDir,
      model,
      losses,
      metadata: {
        example: "unet-upsample",
        inC: "1",
        outC: "1",
        baseC: String(baseC),
        groups: "2",
        inH: String(SIZE),
        inW: String(SIZE),
        steps: String(steps),
        seed: String(seed),
        heldOutIoU: metric.toFixed(4),
      },
      summary,
      pictures,
      metricName: "held-out IoU",
      metric,
      initialMetric,
      target,
      steps,
      trainSeconds,
      started,
      backend: active.name,
      log,
    });
  });
}

if (isMain(import.meta.url)) {
  process.exitCode = await main("unet-upsample", "npm run example:unet-upsample -- [flags]", process.argv.slice(2), (flags) =>
    run(optionsFromFlags(flags, unetUpsampleQuick)),
  );
}
