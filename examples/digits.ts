/**
 * `npm run example:digits [-- --steps N | --quick]`: a small CNN learns to read digits.
 *
 * Data: a seeded synthetic digits set (examples/lib/digits-data.ts) — the 0-9 glyphs of shapeproof's bitmap font
 * rendered at 16×16 with random scale, rotation, shear, shift, stroke width, contrast and noise; 10000 training
 * images and 2000 held-out ones drawn with another seed. Model: Conv-ReLU-Pool ×2, then two Linear layers
 * (PyTorch's classic LeNet shape), trained with cross-entropy and Adam through `loss.backward()`.
 * Target: ≥ 97% accuracy on the held-out images (the process exits 1 below it).
 */
import { noGrad } from "../src/autograd/grad-mode.js";
import { ReLU } from "../src/nn/layers/activations.js";
import { Conv2d } from "../src/nn/layers/conv2d.js";
import { Flatten } from "../src/nn/layers/flatten.js";
import { manualSeed } from "../src/nn/layers/init.js";
import { Linear } from "../src/nn/layers/linear.js";
import { MaxPool2d } from "../src/nn/layers/max-pool2d.js";
import { sequential } from "../src/nn/sequential.js";
import { argmax } from "../src/ops/reduce/argmax.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { takeRows } from "../src/train/loop.js";
import { crossEntropy } from "../src/train/losses/cross-entropy.js";
import { cosineLr } from "../src/train/lr-schedule.js";
import { adam } from "../src/train/optimizers/adam.js";
import { imageStripPng, type Panel } from "../src/viz/image-strip.js";
import { syntheticDigits } from "./lib/digits-data.js";
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

export interface DigitsExampleOptions extends CommonOptions {
  /** Images per step. */
  readonly batchSize?: number;
  /** Adam's peak learning rate (linear warm-up, then cosine decay to 0). */
  readonly lr?: number;
  readonly trainImages?: number;
  readonly testImages?: number;
  /** Held-out accuracy the run must reach. */
  readonly target?: number;
}

export const digitsDefaults = {
  steps: 1500,
  batchSize: 32,
  lr: 3e-3,
  trainImages: 10000,
  testImages: 2000,
  target: 0.97,
  seed: 0,
  outDir: "out/examples/digits",
  backend: "wasm",
  threads: 1,
} as const;

/** What `--quick` runs: a smoke test of a few seconds (the target is not expected to be met). */
export const digitsQuick = { steps: 60, trainImages: 1000, testImages: 200 } as const;

/** Image side in pixels: a literal type, so the compiler checks the model's shapes end to end. */
const SIZE = 16;

/** The training set (from `seed`) and the held-out set (from another seed) the example uses. */
export function digitsData(seed: number, trainImages: number, testImages: number) {
  return {
    train: syntheticDigits({ n: trainImages, size: SIZE, seed }),
    test: syntheticDigits({ n: testImages, size: SIZE, seed: seed + 1_000_003 }),
  };
}

/**
 * The classifier, (N, 1, 16, 16) → (N, 10) logits, as PyTorch's `nn.Sequential`: its type follows the shapes
 * through every layer (a layer that did not fit would be a compile error naming it), and its state-dict names
 * are PyTorch's (`0.weight`, `3.bias`, `7.weight`, ...).
 */
export function createDigitsModel() {
  return sequential(
    new Conv2d(1, 16, 3, { padding: 1 }), //  → (N, 16, 16, 16)
    new ReLU(),
    new MaxPool2d({ kernel: 2 }), //           → (N, 16, 8, 8)
    new Conv2d(16, 32, 3, { padding: 1 }), // → (N, 32, 8, 8)
    new ReLU(),
    new MaxPool2d({ kernel: 2 }), //           → (N, 32, 4, 4)
    new Flatten(), //                          → (N, 512)
    new Linear(512, 64), //                    → (N, 64)
    new ReLU(),
    new Linear(64, 10), //                     → (N, 10)
  );
}

export type DigitsModel = ReturnType<typeof createDigitsModel>;
type Images = Tensor<[number, 1, typeof SIZE, typeof SIZE]>;

/** The predicted digit of every image (evaluation mode, no tape), `chunk` images at a time. */
export function predictDigits(model: DigitsModel, images: Images, chunk = 250): Float32Array {
  const n = images.shape[0];
  const out = new Float32Array(n);
  model.eval();
  noGrad(() => {
    for (let start = 0; start < n; start += chunk) {
      const logits: Tensor<[number, 10]> = model.forward(takeRows(images, range(start, Math.min(chunk, n - start))));
      out.set(argmax(logits, { dim: 1 }).data, start);
    }
  });
  model.train();
  return out;
}

export function accuracy(predicted: Float32Array, labels: Tensor<[number]>): number {
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels.data[i]) right++;
  return right / predicted.length;
}

export async function run(options: DigitsExampleOptions = {}): Promise<ExampleResult> {
  const started = performance.now();
  const d = digitsDefaults;
  const steps = options.steps ?? d.steps;
  const batchSize = options.batchSize ?? d.batchSize;
  const lr = options.lr ?? d.lr;
  const trainImages = options.trainImages ?? d.trainImages;
  const testImages = options.testImages ?? d.testImages;
  const target = options.target ?? d.target;
  const seed = options.seed ?? d.seed;
  const outDir = options.outDir ?? d.outDir;
  const log = options.log ?? ((line: string) => console.log(line));
  for (const [name, value, min] of [
    ["steps", steps, 1],
    ["batchSize", batchSize, 1],
    ["trainImages", trainImages, batchSize],
    ["testImages", testImages, 1],
  ] as const) {
    checkInt("digits", name, value, min);
  }

  const { train, test } = digitsData(seed, trainImages, testImages);
  manualSeed(seed);
  const model = createDigitsModel();

  return withBackend(options.backend ?? d.backend, options.threads ?? d.threads, log, async (active) => {
    log(`data: ${trainImages} training + ${testImages} held-out ${SIZE}x${SIZE} synthetic digits (seed ${seed})`);
    log(`model: CNN, ${parameterCount(model).toLocaleString("en-US")} parameters; backend ${active.name}`);
    const initialMetric = accuracy(predictDigits(model, test.images), test.labels);

    const optimizer = adam(model.parameters(), { lr });
    const schedule = { lr, total: steps, warmup: Math.min(50, Math.floor(steps / 10)) };
    const bar = trainingBar(steps, options.progress);
    const order = endlessBatches(trainImages, batchSize, seed);
    const losses: number[] = [];
    const trainStart = performance.now();
    for (let step = 0; step < steps; step++) {
      const rows = order.next().value;
      const logits: Tensor<[number, 10]> = model.forward(takeRows(train.images, rows));
      const loss = crossEntropy(logits, takeRows(train.labels, rows)); // Tensor<[]>
      optimizer.zeroGrad();
      loss.backward();
      optimizer.lr = cosineLr(step, schedule);
      optimizer.step();
      losses.push(loss.item());
      bar.tick({ loss: loss.item(), items: batchSize });
    }
    bar.done();
    const trainSeconds = (performance.now() - trainStart) / 1000;

    const predicted = predictDigits(model, test.images);
    const metric = accuracy(predicted, test.labels);
    const passed = metric >= target;
    const shown = Math.min(16, testImages);
    const panels: Panel[] = range(0, shown).map((k) => ({
      data: test.images.data.subarray(k * SIZE * SIZE, (k + 1) * SIZE * SIZE),
      height: SIZE,
      width: SIZE,
      range: "unit",
    }));
    const predictionsPng = imageStripPng(panels, { scale: 4, separator: 2, labels: range(0, shown).map((k) => String(predicted[k])) });
    const summary = {
      metricName: "held-out accuracy",
      metric,
      initialMetric,
      target,
      passed,
      steps,
      batchSize,
      lr,
      seed,
      trainImages,
      testImages,
      imageSize: SIZE,
      parameters: parameterCount(model),
      finalLoss: losses[losses.length - 1],
      trainSeconds,
      backend: active.name,
    };
    return finishExample({
      name: "digits",
      outDir,
      model,
      losses,
      metadata: {
        example: "digits",
        inC: "1",
        classes: "10",
        inH: String(SIZE),
        inW: String(SIZE),
        steps: String(steps),
        seed: String(seed),
        heldOutAccuracy: metric.toFixed(4),
      },
      summary,
      pictures: { "predictions.png": predictionsPng },
      metricName: "held-out accuracy",
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
  process.exitCode = await main("digits", "npm run example:digits -- [flags]", process.argv.slice(2), (flags) =>
    run(optionsFromFlags(flags, digitsQuick)),
  );
}
