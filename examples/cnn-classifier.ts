/**
 * `npm run example:cnn`: a small CNN classifier as a PyTorch user writes
 * it — Conv2d, BatchNorm2d, ReLU, MaxPool2d, Flatten, Linear — trained on a generated 3-class toy set (a
 * horizontal bar, a vertical bar or a square on noise), with shuffled mini-batches each epoch, warm-up + cosine
 * lr, eval mode for validation, then saved as safetensors and reloaded into a fresh model.
 */
import {
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  type Tensor,
  adam,
  argmax,
  batches,
  cosineLr,
  createRng,
  crossEntropy,
  manualSeed,
  noGrad,
  parseSafetensors,
  sequential,
  serializeSafetensors,
  takeRows,
  tensor,
} from "../src/index.js";

const SIZE = 12;
const CLASSES = 3;

/** n images (n, 1, 12, 12) and their labels (n): 0 horizontal bar, 1 vertical bar, 2 square, on Gaussian noise. */
export function toyImages(n: number, seed: number): { images: Tensor<[number, 1, 12, 12]>; labels: Tensor<[number]> } {
  const rng = createRng(seed);
  const pixels = new Float32Array(n * SIZE * SIZE);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = rng.int(CLASSES);
    labels.push(label);
    const at = (r: number, c: number): void => {
      pixels[i * SIZE * SIZE + r * SIZE + c] = 1;
    };
    const r0 = 2 + rng.int(6);
    const c0 = 2 + rng.int(6);
    for (let k = 0; k < 4; k++) {
      if (label === 0) at(r0, c0 + k);
      else if (label === 1) at(r0 + k, c0);
      else at(r0 + (k >> 1), c0 + (k & 1)); // a 2x2 square
    }
    for (let p = 0; p < SIZE * SIZE; p++) pixels[i * SIZE * SIZE + p] += 0.3 * rng.normal();
  }
  return { images: tensor([n, 1, SIZE, SIZE], pixels), labels: tensor([n], labels) };
}

/** PyTorch: nn.Sequential(Conv2d(1,8,3,padding=1), BatchNorm2d(8), ReLU(), MaxPool2d(2), ..., Flatten(), Linear(144, 3)). */
export function createModel() {
  return sequential(
    new Conv2d(1, 8, 3, { padding: 1 }), //  (N, 8, 12, 12)
    new BatchNorm2d(8),
    new ReLU(),
    new MaxPool2d({ kernel: 2 }), //         (N, 8, 6, 6)
    new Conv2d(8, 16, 3, { padding: 1 }), // (N, 16, 6, 6)
    new BatchNorm2d(16),
    new ReLU(),
    new MaxPool2d({ kernel: 2 }), //         (N, 16, 3, 3)
    new Flatten(), //                        (N, 144)
    new Linear(144, CLASSES), //             (N, 3)
  );
}
type Model = ReturnType<typeof createModel>;

/** Predicted class of every image, in eval mode and without the tape. */
export function predict(model: Model, images: Tensor<[number, 1, 12, 12]>): Float32Array {
  model.eval();
  const out = noGrad(() => argmax(model.forward(images), { dim: 1 }).data);
  model.train();
  return out;
}

function accuracy(predicted: Float32Array, labels: Tensor<[number]>): number {
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels.data[i]) right++;
  return right / predicted.length;
}

export interface CnnRun {
  readonly losses: number[];
  readonly validationAccuracy: number;
  readonly reloadedAccuracy: number;
  readonly identicalAfterReload: boolean;
}

export function trainCnn({ steps = 300, batchSize = 32, lr = 1e-2, seed = 0, log = (_: string): void => {} } = {}): CnnRun {
  manualSeed(seed);
  const train = toyImages(1024, seed);
  const valid = toyImages(256, seed + 1);
  const model = createModel();
  const optimizer = adam(model.parameters(), { lr });
  const schedule = { lr, total: steps, warmup: Math.floor(steps / 10) };
  const losses: number[] = [];
  let step = 0;
  for (let epoch = 0; step < steps; epoch++) {
    // DataLoader(shuffle=True, drop_last=True): a new order every epoch.
    for (const rows of batches(1024, batchSize, { seed, epoch, dropLast: true })) {
      if (step >= steps) break;
      optimizer.lr = cosineLr(step, schedule);
      optimizer.zeroGrad();
      const logits: Tensor<[number, 3]> = model.forward(takeRows(train.images, rows));
      const loss = crossEntropy(logits, takeRows(train.labels, rows));
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
      step++;
    }
    log(
      `epoch ${epoch}: step ${step}, loss ${losses[losses.length - 1]?.toFixed(4)}, validation accuracy ${accuracy(predict(model, valid.images), valid.labels).toFixed(3)}`,
    );
  }
  const before = predict(model, valid.images);

  // torch.save(model.state_dict()) / load_state_dict into a fresh model, through safetensors bytes.
  const bytes = serializeSafetensors(model.stateDict(), { steps: String(steps) });
  manualSeed(seed + 99);
  const fresh = createModel();
  fresh.loadStateDict(Object.fromEntries(parseSafetensors(bytes).tensors));
  const after = predict(fresh, valid.images);
  const logitsBefore = noGrad(() => model.eval().forward(valid.images).data);
  const logitsAfter = noGrad(() => fresh.eval().forward(valid.images).data);
  const identical = before.every((v, i) => v === after[i]) && logitsBefore.every((v, i) => v === logitsAfter[i]);
  log(`saved ${bytes.length} bytes; reloaded model identical: ${identical}`);
  return {
    losses,
    validationAccuracy: accuracy(before, valid.labels),
    reloadedAccuracy: accuracy(after, valid.labels),
    identicalAfterReload: identical,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = trainCnn({ log: console.log });
  console.log(`validation accuracy ${result.validationAccuracy.toFixed(3)}, after reload ${result.reloadedAccuracy.toFixed(3)}`);
}
