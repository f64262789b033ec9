/**
 * CROWN keeps the rows of a (1, C, H, W) node over a window of its planes (src/bounds/window.ts); a batch of two
 * has no windows (whole rows). The same box twice in a batch of two must give, sample by sample, the bounds of
 * the batch of one: the windows drop only numbers that are zero.
 */
import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { bounds } from "../../src/bounds/index.js";
import { createUNet } from "../../src/nn/unet.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { createRng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import type { BoundsCase } from "./points.js";
import { randomModel } from "./random-model.js";
import type { T } from "./untyped.js";

function expectWindowsAgree(c: BoundsCase, epsilon: number, seed: number): void {
  const n = c.inputShape.reduce((a, b) => a * b, 1);
  const r = createRng(seed);
  const center = Float32Array.from({ length: n }, () => r.uniformIn(-1, 1));
  const box = (batch: number) => {
    const lower = new Float32Array(batch * n);
    const upper = new Float32Array(batch * n);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++) {
        lower[b * n + i] = Math.fround(center[i]! - epsilon);
        upper[b * n + i] = Math.fround(center[i]! + epsilon);
      }
    }
    const shape = [batch, ...c.inputShape.slice(1)] as Shape;
    return { lower: Tensor.wrap(shape, "float32", lower), upper: Tensor.wrap(shape, "float32", upper) };
  };
  const one = bounds(c.forward, box(1), { method: "crown" });
  const two = bounds(c.forward, box(2), { method: "crown" });
  const outs = one.lower.data.length;
  expect(two.lower.data.length).toBe(2 * outs);
  let widthSum = 0;
  for (let b = 0; b < 2; b++) {
    for (let i = 0; i < outs; i++) {
      const tol = 1e-9 * (1 + Math.abs(one.lower.data[i]!) + Math.abs(one.upper.data[i]!));
      expect(Math.abs(two.lower.data[b * outs + i]! - one.lower.data[i]!)).toBeLessThanOrEqual(tol);
      expect(Math.abs(two.upper.data[b * outs + i]! - one.upper.data[i]!)).toBeLessThanOrEqual(tol);
    }
  }
  for (let i = 0; i < outs; i++) widthSum += one.upper.data[i]! - one.lower.data[i]!;
  // a real certificate, not a vacuous one
  expect(Number.isFinite(widthSum)).toBe(true);
}

describe("CROWN over windows of rows equals CROWN over whole rows", () => {
  it("UNet2 (baseC 4, 16x16): conv, maxPool, convTranspose, concat", () => {
    const net = createUNet2({ inC: 1, outC: 2, inH: 16, inW: 16, config: { baseC: 4 }, seed: 21 });
    expectWindowsAgree({ name: "UNet2", inputShape: [1, 1, 16, 16], forward: (x) => net.forward(x as Tensor<[number, 1, 16, 16]>) as T }, 0.004, 22);
  });

  it("UNet depth 2 (eval, 12x12): batchNorm2d and the ops without a windowed step", () => {
    const net = createUNet({ depth: 2, inC: 1, outC: 2, inH: 12, inW: 12, baseC: 4, seed: 23 });
    net.eval();
    const forward = net.forward as unknown as (x: T) => T;
    expectWindowsAgree({ name: "UNet depth 2", inputShape: [1, 1, 12, 12], forward: (x) => forward.call(net, x) }, 0.01, 24);
  });

  for (const seed of [1, 3, 5]) {
    const m = randomModel(seed);
    it(`${m.name}: ${m.layers}`, () => {
      expectWindowsAgree(m, 0.05, 30 + seed);
    });
  }
});
