/**
 * `npm run example:certify [-- --steps N]`: certified robustness of the digits CNN.
 *
 * The classifier of examples/digits.ts (Conv-ReLU-Pool ×2, Linear-ReLU-Linear on 16×16 synthetic digits) is
 * trained with IBP-aware training (Gowal et al. 2018): the loss mixes cross-entropy on the images with
 * cross-entropy on the worst-case logits of interval bound propagation over the L∞ ball of radius ε_train, ramped
 * up from 0 during training. The interval propagation for training is written with the ops themselves (centre and
 * radius through each layer, on the tape, so it has gradients). Then `bounds` certifies held-out images: an image
 * is certified at ε when the lower bound of logit[label] − logit[j] is positive for every j ≠ label over the whole
 * ball — IBP on every held-out image, CROWN on the first ones. The bounds hold for the float32 forward.
 */
import { noGrad } from "../src/autograd/grad-mode.js";
import { bounds } from "../src/bounds/index.js";
import { ReLU } from "../src/nn/layers/activations.js";
import { Conv2d } from "../src/nn/layers/conv2d.js";
import { Flatten } from "../src/nn/layers/flatten.js";
import { manualSeed } from "../src/nn/layers/init.js";
import { Linear } from "../src/nn/layers/linear.js";
import { MaxPool2d } from "../src/nn/layers/max-pool2d.js";
import { conv2d } from "../src/ops/conv2d.js";
import { abs, add, mul, sub } from "../src/ops/elementwise/index.js";
import { linear } from "../src/ops/linalg/index.js";
import { maxPool2d } from "../src/ops/max-pool2d.js";
import { relu } from "../src/ops/relu.js";
import { flatten } from "../src/ops/shape/index.js";
import { Tensor } from "../src/tensor/tensor.js";
import { takeRows } from "../src/train/loop.js";
import { crossEntropy } from "../src/train/losses/cross-entropy.js";
import { cosineLr } from "../src/train/lr-schedule.js";
import { adam } from "../src/train/optimizers/adam.js";
import type { Shape } from "../types/tensor/shape.js";
import { accuracy, createDigitsModel, type DigitsModel, digitsData, predictDigits } from "./digits.js";
import { endlessBatches, isMain, parseFlags, range, withBackend } from "./lib/common.js";

type T = Tensor<Shape, "float32">;
type Images = Tensor<[number, 1, 16, 16]>;

export interface CertifyOptions {
  readonly steps?: number;
  readonly batchSize?: number;
  readonly trainImages?: number;
  /** Held-out images certified by IBP. */
  readonly testImages?: number;
  /** Of those, how many CROWN certifies too. */
  readonly crownImages?: number;
  readonly epsilons?: readonly number[];
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

export interface CertifyResult {
  readonly cleanAccuracy: number;
  /** Per ε: the fraction of held-out images certified by IBP, and by CROWN on the CROWN subset. */
  readonly certified: readonly { readonly epsilon: number; readonly ibp: number; readonly crown: number; readonly crownImages: number }[];
  readonly seconds: number;
}

/**
 * Interval propagation through the digits CNN with tape ops, for training: centre c and radius r through each
 * layer (affine: c through the layer, r through |W|; ReLU and max-pool: on the lower and upper ends).
 */
function intervalLogits(model: DigitsModel, x: T, epsilon: number): { c: T; r: T } {
  let c = x;
  let r = mul(x, 0) as T;
  r = add(r, epsilon) as T;
  for (const layer of model.layers) {
    if (layer instanceof Conv2d) {
      c = conv2d(c, layer.weight as T, layer.bias as T | null, layer.options) as T;
      r = conv2d(r, abs(layer.weight as T), null, layer.options) as T;
    } else if (layer instanceof Linear) {
      c = linear(c, layer.weight as T, layer.bias as T | null) as T;
      r = linear(r, abs(layer.weight as T)) as T;
    } else if (layer instanceof ReLU || layer instanceof MaxPool2d) {
      const f = layer instanceof ReLU ? (v: T) => relu(v) : (v: T) => maxPool2d(v, layer.options) as T;
      const lo = f(sub(c, r) as T);
      const hi = f(add(c, r) as T);
      c = mul(add(lo, hi), 0.5) as T;
      r = mul(sub(hi, lo), 0.5) as T;
    } else if (layer instanceof Flatten) {
      c = flatten(c, 1) as T;
      r = flatten(r, 1) as T;
    } else {
      throw new Error(`certify: no interval rule for layer ${(layer as object).constructor.name}`);
    }
  }
  return { c, r };
}

/** The worst-case logits over the ball: upper bounds for the other classes, the lower bound for the label. */
function worstLogits(c: T, r: T, labels: Tensor<[number]>): T {
  const sign = new Float32Array(c.data.length).fill(1);
  const classes = c.shape[1]!;
  labels.data.forEach((y, i) => {
    sign[i * classes + y] = -1;
  });
  return add(c, mul(r, Tensor.wrap(c.shape, "float32", sign))) as T;
}

/** The margins logit[label] − logit[j] (j ≠ label) as one more linear layer, so the bounds are on them directly. */
function marginSpec(label: number, classes: number): T {
  const rows = new Float32Array((classes - 1) * classes);
  let k = 0;
  for (let j = 0; j < classes; j++) {
    if (j === label) continue;
    rows[k * classes + label] = 1;
    rows[k * classes + j] = -1;
    k++;
  }
  return Tensor.wrap([classes - 1, classes], "float32", rows);
}

export async function run(options: CertifyOptions = {}): Promise<CertifyResult> {
  const started = performance.now();
  const steps = options.steps ?? 2000;
  const batchSize = options.batchSize ?? 32;
  const trainImages = options.trainImages ?? 6000;
  const testImages = options.testImages ?? 500;
  const crownImages = options.crownImages ?? 40;
  const epsilons = options.epsilons ?? [0.05, 0.1];
  const seed = options.seed ?? 0;
  const log = options.log ?? ((line: string) => console.log(line));
  const { train, test } = digitsData(seed, trainImages, testImages);
  manualSeed(seed);
  const model = createDigitsModel();
  const epsTrain = 1.1 * Math.max(...epsilons);

  return withBackend("wasm", 1, log, async (active) => {
    log(`certify: digits CNN, IBP-aware training for ${steps} steps (ε_train up to ${epsTrain.toFixed(3)}), backend ${active.name}`);
    const optimizer = adam(model.parameters(), { lr: 2e-3 });
    const order = endlessBatches(trainImages, batchSize, seed);
    const rampStart = Math.floor(steps * 0.25);
    const rampEnd = Math.floor(steps * 0.75);
    for (let step = 0; step < steps; step++) {
      const rows = order.next().value;
      const x = takeRows(train.images, rows) as T;
      const y = takeRows(train.labels, rows);
      const ramp = Math.min(1, Math.max(0, (step - rampStart) / (rampEnd - rampStart)));
      const clean = crossEntropy(model.forward(x as Images), y);
      let loss = clean;
      if (ramp > 0) {
        const { c, r } = intervalLogits(model, x, ramp * epsTrain);
        const robust = crossEntropy(worstLogits(c, r, y) as Tensor<[number, 10]>, y);
        loss = add(mul(clean, 1 - 0.5 * ramp), mul(robust, 0.5 * ramp)) as typeof clean;
      }
      optimizer.zeroGrad();
      loss.backward();
      optimizer.lr = cosineLr(step, { lr: 2e-3, total: steps, warmup: 50 });
      optimizer.step();
      if ((step + 1) % 200 === 0) log(`  step ${step + 1}: loss ${loss.item().toFixed(4)} (ε ${(ramp * epsTrain).toFixed(3)})`);
    }
    const predicted = predictDigits(model, test.images);
    const cleanAccuracy = accuracy(predicted, test.labels);
    log(`clean accuracy on ${testImages} held-out images: ${(100 * cleanAccuracy).toFixed(1)}%`);
    model.eval();
    const certified = epsilons.map((epsilon) => {
      let ibp = 0;
      let crown = 0;
      for (const i of range(0, testImages)) {
        const label = test.labels.data[i]!;
        if (predicted[i] !== label) continue;
        const image = Tensor.wrap([1, 1, 16, 16] as [1, 1, 16, 16], "float32", test.images.data.slice(i * 256, (i + 1) * 256));
        const spec = marginSpec(label, 10);
        const margins = (v: Tensor<[1, 1, 16, 16]>) => linear(model.forward(v), spec);
        const positive = (lower: Float64Array) => lower.every((v) => v > 0);
        const byIbp = positive(noGrad(() => bounds(margins, { center: image, epsilon }, { method: "ibp" })).lower.data);
        if (byIbp) ibp++;
        if (i < crownImages && (byIbp || positive(bounds(margins, { center: image, epsilon }, { method: "crown" }).lower.data))) crown++;
      }
      const shown = {
        epsilon,
        ibp: ibp / testImages,
        crown: crown / Math.min(crownImages, testImages),
        crownImages: Math.min(crownImages, testImages),
      };
      log(
        `ε = ${epsilon}: certified ${(100 * shown.ibp).toFixed(1)}% by IBP (${testImages} images), ${(100 * shown.crown).toFixed(1)}% by CROWN (first ${shown.crownImages}); clean accuracy ${(100 * cleanAccuracy).toFixed(1)}%`,
      );
      return shown;
    });
    model.train();
    const seconds = (performance.now() - started) / 1000;
    log(`total ${seconds.toFixed(1)} s`);
    return { cleanAccuracy, certified, seconds };
  });
}

if (isMain(import.meta.url)) {
  const flags = parseFlags(process.argv.slice(2));
  await run(flags.steps === undefined ? {} : { steps: flags.steps });
}
