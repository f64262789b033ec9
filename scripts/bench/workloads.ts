/**
 * The benchmark workloads, shared by scripts/bench.ts and scripts/bench/profile.ts:
 *   W1  conv2d 3x3, 64 -> 64, input 1x64x128x128, padding 1 (forward; "W1 bwd" = data + weight gradients)
 *   W3  UNet2 forward, baseC 64, input 1x3x128x128, outC 2
 *   W4  W3 forward + backward (every parameter gradient and dx)
 * FLOP counts use 2 per multiply-add over every tap, padding included (as the 1.21 / 6.97 / 20.9).
 */
import type { Conv2dGeometry } from "../../src/kernels/geometry.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";

export const W1: Conv2dGeometry = {
  n: 1, inC: 64, inH: 128, inW: 128, outC: 64, outH: 128, outW: 128,
  kH: 3, kW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilH: 1, dilW: 1,
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
  return convFlop(b, inC, 3, full) + convFlop(b, b, 3, full)
    + convFlop(2 * b, b, 3, half) + convFlop(2 * b, 2 * b, 3, half)
    + convFlop(b, 2 * b, 2, half) // upT: every input pixel meets the whole 2x2 kernel
    + convFlop(b, 2 * b, 3, full) + convFlop(b, b, 3, full) + convFlop(outC, b, 1, full);
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
