import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { noGrad } from "../../src/autograd/grad-mode.js";
import { bounds } from "../../src/bounds/index.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { sigmoid } from "../../src/ops/elementwise/index.js";
import { linear } from "../../src/ops/linalg/index.js";
import { maxPool2d } from "../../src/ops/max-pool2d.js";
import { relu } from "../../src/ops/relu.js";
import { flatten } from "../../src/ops/shape/index.js";
import { createRng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

type F64 = Tensor<Shape, "float64">;
const param = (shape: readonly number[], seed: number, scale: number): F64 => {
  const r = createRng(seed);
  return Tensor.wrap(
    shape as Shape,
    "float64",
    Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.normal() * scale),
  );
};

describe("a float64 model: the bounds hold with float64's unit roundoff", () => {
  it("conv, relu, max-pool, sigmoid, linear: 10,000 float64 points (corners and uniform) inside IBP and CROWN", () => {
    const w1 = param([4, 2, 3, 3], 1, 0.5);
    const w2 = param([3, 4 * 3 * 3], 2, 0.4);
    const conv = conv2d as unknown as (x: F64, w: F64, b: F64 | null, o: { padding: number }) => F64;
    const pool = maxPool2d as unknown as (x: F64, o: { kernel: number; stride: number }) => F64;
    const dense = linear as unknown as (x: F64, w: F64) => F64;
    const model = (x: F64) => sigmoid(dense(flatten(pool(relu(conv(x, w1, null, { padding: 1 })), { kernel: 2, stride: 2 }), 1) as F64, w2));
    const r = createRng(3);
    const center = Float64Array.from({ length: 72 }, () => r.uniformIn(-1, 1));
    const lower = Tensor.wrap(
      [1, 2, 6, 6] as Shape,
      "float64",
      center.map((c) => c - 0.2),
    );
    const upper = Tensor.wrap(
      [1, 2, 6, 6] as Shape,
      "float64",
      center.map((c) => c + 0.2),
    );
    const results = [bounds(model, { lower, upper }, { method: "ibp" }), bounds(model, { lower, upper }, { method: "crown" })];
    let min = Number.POSITIVE_INFINITY;
    const batch = 500;
    for (let s = 0; s < 10_000; s += batch) {
      const data = new Float64Array(batch * 72);
      for (let i = 0; i < data.length; i++) {
        const j = i % 72;
        const t = s < 5000 ? (r.uniform() < 0.5 ? 0 : 1) : r.uniform();
        data[i] = Math.min(upper.data[j]!, Math.max(lower.data[j]!, lower.data[j]! + t * (upper.data[j]! - lower.data[j]!)));
      }
      const y = noGrad(() => model(Tensor.wrap([batch, 2, 6, 6] as Shape, "float64", data))).data;
      for (const res of results) {
        for (let i = 0; i < y.length; i++) {
          const k = i % 3;
          const m = Math.min(y[i]! - res.lower.data[k]!, res.upper.data[k]! - y[i]!);
          if (!(m >= 0)) expect.fail(`output ${k} = ${y[i]} outside [${res.lower.data[k]}, ${res.upper.data[k]}] (${res.method})`);
          min = Math.min(min, m);
        }
      }
    }
    expect(min).toBeGreaterThanOrEqual(0);
  });
});
