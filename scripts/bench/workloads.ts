/**
 * The benchmark workloads, shared by scripts/bench.ts and scripts/bench/profile.ts:
 *   W1  conv2d 3x3, 64 -> 64, input 1x64x128x128, padding 1 (forward; "W1 bwd" = data + weight gradients)
 *   W3  UNet2 forward, baseC 64, input 1x3x128x128, outC 2
 *   W4  W3 forward + backward (every parameter gradient and dx)
 *   W5  one training step (forward, backward, Adam) of a transformer encoder layer: d_model 256, 4 heads,
 *       feed-forward 1024, post-norm, ReLU, no dropout; batch 8, sequence 128; mse against a fixed target
 *   W6  one training step of an MLP 784-1024-1024-10 (Linear/ReLU), cross-entropy, Adam, batch 256
 * FLOP counts use 2 per multiply-add over every tap, padding included (as the 1.21 / 6.97 / 20.9).
 * W5/W6 count the matrix products only (linears and attention's two batched products; elementwise work,
 * softmax, norms and Adam are not counted), and a training step as 3x its forward (forward, then the data
 * and weight gradients of every product), the convention W4 uses.
 */
import type { Conv2dGeometry } from "../../src/kernels/geometry.js";
import { ReLU } from "../../src/nn/layers/activations.js";
import { Linear } from "../../src/nn/layers/linear.js";
import { TransformerEncoderLayer } from "../../src/nn/layers/transformer.js";
import { sequential } from "../../src/nn/sequential.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { randn, tensor, type Tensor } from "../../src/tensor/tensor.js";
import { crossEntropy } from "../../src/train/losses/cross-entropy.js";
import { mse } from "../../src/train/losses/mse.js";
import { adam } from "../../src/train/optimizers/adam.js";

export const W1: Conv2dGeometry = {
  n: 1,
  inC: 64,
  inH: 128,
  inW: 128,
  outC: 64,
  outH: 128,
  outW: 128,
  kH: 3,
  kW: 3,
  strideH: 1,
  strideW: 1,
  padH: 1,
  padW: 1,
  dilH: 1,
  dilW: 1,
};

export const unetSize = { inC: 3, outC: 2, inH: 128, inW: 128, baseC: 64 } as const;

/** 2 * multiply-adds of a conv (or transposed conv: the same count) with every tap counted. */
function convFlop(outC: number, inC: number, k: number, outPixels: number): number {
  return 2 * outC * inC * k * k * outPixels;
}

export const W1_FLOP = convFlop(W1.outC, W1.inC, W1.kH, W1.outH * W1.outW);

/** UNet2 forward FLOP for the default config (3x3 convs, 2x2 pool and up-conv, 1x1 head). */
export function unetForwardFlop(): number {
  const { inC, outC, inH, inW, baseC: b } = unetSize;
  const full = inH * inW;
  const half = (inH / 2) * (inW / 2);
  return (
    convFlop(b, inC, 3, full) +
    convFlop(b, b, 3, full) +
    convFlop(2 * b, b, 3, half) +
    convFlop(2 * b, 2 * b, 3, half) +
    convFlop(b, 2 * b, 2, half) + // upT: every input pixel meets the whole 2x2 kernel
    convFlop(b, 2 * b, 3, full) +
    convFlop(b, b, 3, full) +
    convFlop(outC, b, 1, full)
  );
}

export const W3_FLOP = unetForwardFlop();
/** Backward = data and weight gradients of every layer (2 forward-sized passes). */
export const W4_FLOP = 3 * W3_FLOP;

function buildModel() {
  return createUNet2({ inC: 3, outC: 2, inH: 128, inW: 128, config: { baseC: 64 }, seed: 1 });
}

export interface UNetWorkload {
  readonly model: ReturnType<typeof buildModel>;
  readonly x: Tensor<[1, 3, 128, 128]>;
  readonly dy: Tensor<[1, 2, 128, 128]>;
}

/** A fresh model and input; its sizes are `unetSize` (checked by tsc through the literal types). */
export function makeUNetWorkload(): UNetWorkload {
  return { model: buildModel(), x: randn([1, 3, 128, 128], { seed: 2 }), dy: randn([1, 2, 128, 128], { seed: 3 }) };
}

export function runW3(w: UNetWorkload): void {
  w.model.forward(w.x);
}

export function runW4(w: UNetWorkload): void {
  const { trace } = w.model.forwardTraced(w.x);
  w.model.backward(w.x, w.dy, { trace });
}

export interface W1Data {
  readonly x: Tensor<[1, 64, 128, 128]>;
  readonly weight: Tensor<[64, 64, 3, 3]>;
  readonly bias: Tensor<[64]>;
  readonly dy: Tensor<[1, 64, 128, 128]>;
}

/** W1's input, weights and upstream gradient (seeded, the same in every process). */
export function makeW1Data(): W1Data {
  return {
    x: randn([1, 64, 128, 128], { seed: 11 }),
    weight: randn([64, 64, 3, 3], { seed: 12 }),
    bias: randn([64], { seed: 13 }),
    dy: randn([1, 64, 128, 128], { seed: 14 }),
  };
}

// ---- W5: transformer encoder layer training step ---------------------------------------------------

export const w5Size = { batch: 8, seq: 128, dModel: 256, heads: 4, ff: 1024 } as const;
export const W5_LR = 1e-3;

/** Forward matrix-product FLOP of W5: q/k/v/out projections and the two FF linears per token, QKᵀ and AV per head. */
export function w5ForwardFlop(): number {
  const { batch: b, seq: t, dModel: e, heads: h, ff } = w5Size;
  const tokens = b * t;
  const hd = e / h;
  const linears = 2 * tokens * (4 * e * e + 2 * e * ff);
  const attention = 2 * (2 * b * h * t * t * hd);
  return linears + attention;
}

export const W5_FLOP = 3 * w5ForwardFlop();

function buildEncoderLayer() {
  // PyTorch's defaults otherwise: post-norm, ReLU, layer-norm eps 1e-5; batch_first is the only layout here.
  return new TransformerEncoderLayer(w5Size.dModel, w5Size.heads, { dimFeedforward: w5Size.ff, dropout: 0, seed: 21 });
}

export interface W5Workload {
  readonly model: ReturnType<typeof buildEncoderLayer>;
  readonly x: Tensor<[8, 128, 256]>;
  readonly target: Tensor<[8, 128, 256]>;
  /** Adam over `model.parameters()`, lr W5_LR. */
  readonly optimizer: ReturnType<typeof adam<ReturnType<ReturnType<typeof buildEncoderLayer>["parameters"]>>>;
}

/** A fresh layer (seeded), input, target and optimizer; the same in every process. */
export function makeW5Workload(): W5Workload {
  const model = buildEncoderLayer();
  return {
    model,
    x: randn([8, 128, 256], { seed: 22 }),
    target: randn([8, 128, 256], { seed: 23 }),
    optimizer: adam(model.parameters(), { lr: W5_LR }),
  };
}

/** One training step: zero the gradients, forward, mse, backward, Adam. Returns the loss (before the update). */
export function runW5(w: W5Workload): number {
  w.optimizer.zeroGrad();
  const y = w.model.forward(w.x);
  const loss = mse(y, w.target);
  loss.backward();
  w.optimizer.step();
  return loss.data[0]!;
}

// ---- W6: MLP training step ---------------------------------------------------------------------------

export const w6Size = { batch: 256, inF: 784, hidden: 1024, classes: 10 } as const;
export const W6_LR = 1e-3;

export function w6ForwardFlop(): number {
  const { batch, inF, hidden, classes } = w6Size;
  return 2 * batch * (inF * hidden + hidden * hidden + hidden * classes);
}

export const W6_FLOP = 3 * w6ForwardFlop();

function buildMlp() {
  return sequential(
    new Linear(784, 1024, { seed: 31 }),
    new ReLU(),
    new Linear(1024, 1024, { seed: 32 }),
    new ReLU(),
    new Linear(1024, 10, { seed: 33 }),
  );
}

export interface W6Workload {
  readonly model: ReturnType<typeof buildMlp>;
  readonly x: Tensor<[256, 784]>;
  /** Class indices 0..9 (whole numbers in a float32 tensor, as crossEntropy takes them). */
  readonly labels: Tensor<[256]>;
  readonly optimizer: ReturnType<typeof adam<ReturnType<ReturnType<typeof buildMlp>["parameters"]>>>;
}

/** The label of sample i (the same in every system, PyTorch included). */
export const w6Label = (i: number): number => (i * 7 + 3) % 10;

export function makeW6Workload(): W6Workload {
  const model = buildMlp();
  return {
    model,
    x: randn([256, 784], { seed: 34 }),
    labels: tensor(
      [256],
      Array.from({ length: 256 }, (_, i) => w6Label(i)),
    ),
    optimizer: adam(model.parameters(), { lr: W6_LR }),
  };
}

/** One training step: zero the gradients, forward, cross-entropy, backward, Adam. Returns the loss (before the update). */
export function runW6(w: W6Workload): number {
  w.optimizer.zeroGrad();
  const logits = w.model.forward(w.x);
  const loss = crossEntropy(logits, w.labels);
  loss.backward();
  w.optimizer.step();
  return loss.data[0]!;
}
