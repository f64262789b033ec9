/**
 * The claim covers finite forwards: a float32 output that overflows to ±Infinity, or a NaN from an infinite or NaN
 * weight (or Infinity − Infinity), lies in no finite interval. Before the fix, `bounds` returned finite bounds
 * around such outputs (or NaN bounds); now the op that may leave the dtype's range is named in a BoundsError.
 */
import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { noGrad } from "../../src/autograd/grad-mode.js";
import { currentBackend, useBackend } from "../../src/backend.js";
import { bounds, BoundsError } from "../../src/bounds/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { ops, type T } from "./untyped.js";
import { sharedWasmBackend } from "../wasm/shared-backends.js";

const f32 = (shape: readonly number[], values: readonly number[]): T => Tensor.wrap(shape as Shape, "float32", Float32Array.from(values)) as T;
const f64 = (shape: readonly number[], values: readonly number[]) => Tensor.wrap(shape as Shape, "float64", Float64Array.from(values));
const big = 2e19; // big·big overflows float32 (max 3.4e38), not float64

const cases: { name: string; op: string; forward: (x: T) => T; center: T; epsilon: number }[] = [
  {
    name: "a dot product past float32's max",
    op: "linear",
    forward: (x) => ops.linear(x, f32([1, 2], [big, big])),
    center: f32([1, 2], [big, big]),
    epsilon: 0,
  },
  {
    name: "partial sums past the max whose total is small",
    op: "linear",
    forward: (x) => ops.linear(x, f32([1, 2], [big, -big])),
    center: f32([1, 2], [big, big]),
    epsilon: 0,
  },
  { name: "mul by a number past the max", op: "mul", forward: (x) => ops.mul(x, 1e10), center: f32([1, 1], [1e30]), epsilon: 1 },
  { name: "Infinity − Infinity", op: "mul", forward: (x) => ops.sub(ops.mul(x, 1e10), ops.mul(x, 1e10)), center: f32([1, 1], [1e30]), epsilon: 0 },
  { name: "a NaN weight", op: "linear", forward: (x) => ops.linear(x, f32([1, 2], [Number.NaN, 1])), center: f32([1, 2], [1, 2]), epsilon: 0.1 },
  {
    name: "an infinite weight",
    op: "linear",
    forward: (x) => ops.linear(x, f32([1, 2], [Number.POSITIVE_INFINITY, 1])),
    center: f32([1, 2], [1, 2]),
    epsilon: 0.1,
  },
  {
    name: "an infinite bias",
    op: "conv2d",
    forward: (x) => ops.conv2d(x, f32([1, 1, 1, 1], [1]), f32([1], [Number.NEGATIVE_INFINITY])),
    center: f32([1, 1, 2, 2], [1, 2, 3, 4]),
    epsilon: 0.1,
  },
  { name: "an infinite input", op: "relu", forward: (x) => ops.relu(x), center: f32([1, 2], [Number.POSITIVE_INFINITY, 1]), epsilon: 0 },
  {
    name: "a max-pool window wholly on the padding (−Infinity)",
    op: "maxPool2d",
    forward: (x) => ops.maxPool2d(x, { kernel: 2, dilation: 5, padding: 1, stride: 1 }),
    center: f32(
      [1, 1, 4, 4],
      Array.from({ length: 16 }, (_, i) => i),
    ),
    epsilon: 0.5,
  },
];

describe("bounds refuses a forward that may leave the dtype's range, naming the op", () => {
  for (const c of cases) {
    it(`${c.name}: the forward is not finite, and bounds is a BoundsError naming ${c.op}`, async () => {
      // the forward itself is where the claim breaks, on the JS backend or on wasm (float32 partial sums)
      const previous = currentBackend();
      const outputs: number[] = [];
      try {
        for (const backend of [previous, await sharedWasmBackend(1)]) {
          useBackend(backend);
          outputs.push(...noGrad(() => c.forward(c.center)).data);
        }
      } finally {
        useBackend(previous);
      }
      expect(outputs.some((v) => !Number.isFinite(v))).toBe(true);
      for (const method of ["ibp", "crown"] as const) {
        expect(() => bounds(c.forward, { center: c.center, epsilon: c.epsilon }, { method })).toThrow(BoundsError);
        expect(() => bounds(c.forward, { center: c.center, epsilon: c.epsilon }, { method })).toThrow(
          new RegExp(`op "${c.op}" may not give finite float32 outputs over the box`),
        );
      }
    });
  }

  it("the same magnitudes are fine in a float64 model (the limit is the model's dtype)", () => {
    const w = f64([1, 2], [big, -big]);
    const f = (x: Tensor<Shape, "float64">) =>
      (ops.linear as unknown as (x: Tensor<Shape, "float64">, w: Tensor<Shape, "float64">) => Tensor<Shape, "float64">)(x, w);
    const center = f64([1, 2], [big, big]);
    const r = bounds(f, { center, epsilon: 0 }, { method: "crown" });
    const y = f(center).data[0]!;
    expect(r.lower.data[0]).toBeLessThanOrEqual(y);
    expect(r.upper.data[0]).toBeGreaterThanOrEqual(y);
  });

  it("large but safe float32 values still get bounds", () => {
    const f = (x: T) => ops.linear(x, f32([1, 2], [1e10, 1e10]));
    const center = f32([1, 2], [1e20, -3e20]);
    const r = bounds(f, { center, epsilon: 1e15 }, { method: "crown" });
    const y = f(center).data[0]!;
    expect(r.lower.data[0]).toBeLessThanOrEqual(y);
    expect(r.upper.data[0]).toBeGreaterThanOrEqual(y);
  });

  it("layerNorm then groupNorm of inputs at 1e6: normalised outputs stay within ±√n (no false range error)", () => {
    // the norm rule's float64 error term grows as M³/eps (1e14 after the first norm, 1e43 after the second); |h| ≤ √n caps it
    const x = f32([1, 1, 2, 4], [1e6, -2e6, 3e6, 5e5, -1e6, 2.5e6, 0, 7e5]);
    const f = (v: T) => ops.groupNorm(ops.layerNorm(v, [4], null, null), 1, null, null);
    for (const method of ["ibp", "crown"] as const) {
      const r = bounds(f, { center: x, epsilon: 1e5 }, { method });
      const y = f(x).data;
      y.forEach((v, i) => {
        expect(r.lower.data[i]).toBeLessThanOrEqual(v);
        expect(r.upper.data[i]).toBeGreaterThanOrEqual(v);
        expect(Math.max(-r.lower.data[i]!, r.upper.data[i]!)).toBeLessThanOrEqual(Math.sqrt(8) * 1.001);
      });
    }
  });
});
