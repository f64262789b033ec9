/**
 * CROWN's backward steps through conv2d and convTranspose2d of a float32 model run in float32 on the current
 * backend's kernels (direct convs, their rounding added to the bounds): the bounds stay sound for the float32
 * forward on every backend, agree across the backends they were computed on, and the float32 route is taken.
 */
import { describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { bounds, type BoundsResult } from "../../src/bounds/index.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { createRng } from "../../src/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import type { Shape } from "../../types/tensor/shape.js";
import { backendsUnderTest } from "../helpers/backends.js";
import { type BoundsCase, boxAround, boxTensors, collectPointsOnWasm, expectSound, meanWidth } from "./soundness.js";
import type { T } from "./untyped.js";

const net = createUNet2({ inC: 1, outC: 2, inH: 16, inW: 16, config: { baseC: 4 }, seed: 11 });
const unet: BoundsCase = { name: "UNet2", inputShape: [1, 1, 16, 16], forward: (x) => net.forward(x as Tensor<[1, 1, 16, 16]>) as T };
const r = createRng(12);
const box = boxAround(
  Float32Array.from({ length: 256 }, () => r.uniformIn(-1, 1)),
  0.004,
);
const tensors = boxTensors(box, unet.inputShape);

async function crownOn(backend: KernelBackend): Promise<BoundsResult<Shape>> {
  const previous = currentBackend();
  useBackend(backend);
  try {
    return bounds(unet.forward, tensors, { method: "crown" });
  } finally {
    useBackend(previous);
  }
}

describe("CROWN's float32 steps", () => {
  it("go through the backend's conv data-gradient kernels on float32 rows", async () => {
    const calls: string[] = [];
    const counting: KernelBackend = {
      ...jsBackend,
      name: "js (counting)",
      conv2dBackwardData: (g, dy, w, dx) => {
        calls.push(`conv2d ${dy.constructor.name} n=${g.n}`);
        jsBackend.conv2dBackwardData(g, dy, w, dx);
      },
      convTranspose2dBackwardData: (g, dy, w, dx) => {
        calls.push(`convTranspose2d ${dy.constructor.name} n=${g.n}`);
        jsBackend.convTranspose2dBackwardData(g, dy, w, dx);
      },
      // convTranspose2d's step over a window of rows is a conv of them (the model's own forward runs on n = 1)
      conv2dForward: (g, x, w, b, y, relu) => {
        if (g.n > 1) calls.push(`convTranspose2d window ${x.constructor.name} n=${g.n}`);
        jsBackend.conv2dForward(g, x, w, b, y, relu);
      },
    };
    await crownOn(counting);
    const batched = (prefix: string) => calls.some((c) => c.startsWith(prefix) && Number(c.split("n=")[1]) > 1);
    expect(batched("conv2d Float32Array")).toBe(true);
    expect(batched("convTranspose2d window Float32Array") || batched("convTranspose2d Float32Array")).toBe(true);
  });

  it("computed on every backend: sound for the float32 forward on every backend, and alike", async () => {
    const results: BoundsResult<Shape>[] = [];
    for (const entry of backendsUnderTest) results.push(await crownOn(await entry.create()));
    const reference = results[0]!;
    for (const res of results) {
      for (let i = 0; i < res.lower.data.length; i++) {
        const width = reference.upper.data[i]! - reference.lower.data[i]!;
        expect(Math.abs(res.lower.data[i]! - reference.lower.data[i]!)).toBeLessThanOrEqual(1e-3 * width + 1e-6);
        expect(Math.abs(res.upper.data[i]! - reference.upper.data[i]!)).toBeLessThanOrEqual(1e-3 * width + 1e-6);
      }
    }
    const ibp = bounds(unet.forward, tensors, { method: "ibp" });
    expect(meanWidth(results[0]!)).toBeLessThan(meanWidth(ibp));
    const points = await collectPointsOnWasm(unet, box, 10_000, 13);
    const margin = await expectSound(unet, points, results);
    console.log(
      `bounds/float32 steps: CROWN on ${results.length} backends, ${margin.points} points x ${margin.backends} backends, tightest margin ${margin.min.toExponential(2)}`,
    );
  });
});
