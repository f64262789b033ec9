import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { bounds } from "../../src/bounds/index.js";
import { createBatchNorm2d } from "../../src/ops/index.js";
import { createRng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { type BoundsCase, boxAround, boxTensors, collectPointsOnWasm, expectSound, meanWidth } from "./soundness.js";
import { ops, type T } from "./untyped.js";

const rand = (shape: readonly number[], seed: number, scale = 1): T => {
  const r = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return Tensor.wrap(
    shape as Shape,
    "float32",
    Float32Array.from({ length: n }, () => Math.fround(r.normal() * scale)),
  );
};

/** c repeated along axis 0: a constant (made without any op) of the batch's size. */
const batchOf = (c: T, n: number): T => {
  const data = new Float32Array(c.data.length * n);
  for (let i = 0; i < n; i++) data.set(c.data, i * c.data.length);
  return Tensor.wrap([n, ...c.shape.slice(1)] as Shape, "float32", data);
};

const bn = () => {
  const s = createBatchNorm2d(3);
  const r = createRng(9);
  for (const t of [s.weight, s.bias, s.runningMean])
    t.data.forEach((_, i) => {
      t.data[i] = Math.fround(r.normal());
    });
  s.runningVar.data.forEach((_, i) => {
    s.runningVar.data[i] = Math.fround(0.2 + r.uniform());
  });
  return s;
};

/** Every supported op alone (activations between two linear maps, so CROWN's relaxation matters). */
const cases: (BoundsCase & { epsilon: number })[] = (() => {
  const w6 = rand([6, 6], 1, 0.6);
  const w4 = rand([4, 6], 2, 0.6);
  const b6 = rand([6], 3);
  const around = (name: string, act: (x: T) => T): BoundsCase & { epsilon: number } => ({
    name,
    inputShape: [1, 6],
    epsilon: 0.4,
    forward: (x) => ops.linear(act(ops.linear(x, w6, b6)), w4),
  });
  const c = rand([1, 2, 6, 6], 30);
  const bnState = bn();
  return [
    { name: "linear", inputShape: [1, 6], epsilon: 0.5, forward: (x) => ops.linear(x, w4, rand([4], 4)) },
    {
      name: "conv2d stride 2 padding 1",
      inputShape: [1, 2, 7, 7],
      epsilon: 0.3,
      forward: (x) => ops.conv2d(x, rand([3, 2, 3, 3], 5), rand([3], 6), { stride: 2, padding: 1 }),
    },
    {
      name: "conv2d dilation 2 padding [2, 1]",
      inputShape: [1, 2, 8, 8],
      epsilon: 0.3,
      forward: (x) => ops.conv2d(x, rand([3, 2, 3, 3], 7), null, { dilation: 2, padding: [2, 1] }),
    },
    {
      name: "conv2d 3x3 stride 1 (Winograd-eligible)",
      inputShape: [1, 4, 6, 6],
      epsilon: 0.3,
      forward: (x) => ops.conv2d(x, rand([4, 4, 3, 3], 8), rand([4], 9), { padding: 1 }),
    },
    {
      name: "conv2dRelu",
      inputShape: [1, 4, 6, 6],
      epsilon: 0.3,
      forward: (x) => ops.conv2d(ops.conv2dRelu(x, rand([4, 4, 3, 3], 10), rand([4], 11), { padding: 1 }), rand([2, 4, 1, 1], 12), null),
    },
    {
      name: "convTranspose2d stride 2 padding 1 outputPadding 1",
      inputShape: [1, 3, 4, 4],
      epsilon: 0.3,
      forward: (x) => ops.convTranspose2d(x, rand([3, 2, 3, 3], 13), rand([2], 14), { stride: 2, padding: 1, outputPadding: 1 }),
    },
    {
      name: "convTranspose2d dilation 2 stride 3 outputPadding [2, 1]",
      inputShape: [1, 2, 3, 3],
      epsilon: 0.3,
      forward: (x) => ops.convTranspose2d(x, rand([2, 2, 2, 3], 15), null, { stride: 3, dilation: 2, outputPadding: [2, 1] }),
    },
    {
      name: "convTranspose2d 3x3 stride 1 (Winograd-eligible)",
      inputShape: [1, 4, 5, 5],
      epsilon: 0.3,
      forward: (x) => ops.convTranspose2d(x, rand([4, 4, 3, 3], 16), rand([4], 17), { padding: 1 }),
    },
    {
      name: "maxPool2d 2x2",
      inputShape: [1, 2, 6, 6],
      epsilon: 0.3,
      forward: (x) => ops.conv2d(ops.maxPool2d(x, { kernel: 2, stride: 2 }), rand([2, 2, 1, 1], 18), null),
    },
    {
      name: "maxPool2d 3x3 stride 1 padding 1",
      inputShape: [1, 2, 5, 5],
      epsilon: 0.3,
      forward: (x) => ops.conv2d(ops.maxPool2d(x, { kernel: 3, stride: 1, padding: 1 }), rand([2, 2, 1, 1], 19), null),
    },
    { name: "avgPool2d 2x2", inputShape: [1, 2, 6, 6], epsilon: 0.3, forward: (x) => ops.avgPool2d(x, { kernel: 2 }) },
    {
      name: "avgPool2d 3x3 padding 1, countIncludePad false",
      inputShape: [1, 2, 5, 5],
      epsilon: 0.3,
      forward: (x) => ops.avgPool2d(x, { kernel: 3, stride: 1, padding: 1, countIncludePad: false }),
    },
    around("relu", ops.relu),
    around("leakyRelu 0.1", (x) => ops.leakyRelu(x, { negativeSlope: 0.1 })),
    around("sigmoid", ops.sigmoid),
    around("tanh", ops.tanh),
    { name: "add: x + c and x + x", inputShape: [1, 2, 6, 6], epsilon: 0.3, forward: (x) => ops.add(ops.add(x, c), ops.relu(x)) },
    { name: "sub: c − x and x − 2", inputShape: [1, 2, 6, 6], epsilon: 0.3, forward: (x) => ops.sub(ops.sub(c, x), ops.sub(ops.relu(x), 2)) },
    { name: "mul by a constant tensor and a number", inputShape: [1, 2, 6, 6], epsilon: 0.3, forward: (x) => ops.mul(ops.mul(x, c), -3) },
    {
      name: "concat with a constant and with itself",
      inputShape: [1, 2, 6, 6],
      epsilon: 0.3,
      forward: (x) => ops.concat([x, ops.relu(x), batchOf(c, x.shape[0]!)], 1),
    },
    {
      name: "flatten, reshape",
      inputShape: [1, 2, 3, 1],
      epsilon: 0.4,
      forward: (x) => ops.linear(ops.reshape(ops.flatten(x, 1), [x.shape[0]!, 6]), w4),
    },
    {
      // a linear layer, then every move of its outputs: each rule is an exact copy, re-run in float64
      name: "permute, transpose, narrow, select, stack",
      inputShape: [1, 6],
      epsilon: 0.4,
      forward: (x) => {
        const h = ops.reshape(ops.linear(x, w6, b6), [x.shape[0]!, 2, 3]);
        const moved = ops.transpose(ops.permute(h, [0, 2, 1]), 1, 2);
        return ops.stack([ops.select(moved, 1, -1), ops.select(ops.narrow(h, 1, 0, 1), 1, 0), ops.relu(ops.select(h, 1, 1))], 1);
      },
    },
    {
      name: "sum, mean and neg",
      inputShape: [1, 6],
      epsilon: 0.4,
      forward: (x) => {
        const h = ops.reshape(ops.linear(x, w6, b6), [x.shape[0]!, 2, 3]);
        const reduced = ops.concat(
          [ops.sum(h, { dim: 2 }), ops.mean(ops.relu(h), { dim: 1 }), ops.reshape(ops.sum(h, { dim: [1, 2], keepdim: true }), [x.shape[0]!, 1])],
          1,
        );
        return ops.neg(reduced);
      },
    },
    { name: "batchNorm2d (eval)", inputShape: [1, 3, 4, 4], epsilon: 0.3, forward: (x) => ops.batchNorm2d(x, bnState) },
    { name: "layerNorm", inputShape: [1, 3, 6], epsilon: 0.2, forward: (x) => ops.layerNorm(x, [6], rand([6], 20), rand([6], 21)) },
    { name: "groupNorm", inputShape: [1, 4, 3, 3], epsilon: 0.2, forward: (x) => ops.groupNorm(x, 2, rand([4], 22), rand([4], 23)) },
    {
      name: "interpolate nearest x2",
      inputShape: [1, 2, 3, 4],
      epsilon: 0.3,
      forward: (x) => ops.interpolate(x, { scaleFactor: 2, mode: "nearest" }),
    },
    {
      name: "interpolate bilinear to 7x9",
      inputShape: [1, 2, 3, 4],
      epsilon: 0.3,
      forward: (x) => ops.interpolate(x, { size: [7, 9], mode: "bilinear" }),
    },
    {
      name: "interpolate bilinear alignCorners",
      inputShape: [1, 2, 3, 4],
      epsilon: 0.3,
      forward: (x) => ops.interpolate(x, { size: [5, 6], mode: "bilinear", alignCorners: true }),
    },
    { name: "centerCrop", inputShape: [1, 2, 8, 8], epsilon: 0.3, forward: (x) => ops.centerCrop(x, [4, 6]) },
  ];
})();

describe("bounds of each supported op alone contain every float32 forward in the box", () => {
  cases.forEach((c, k) => {
    it(c.name, async () => {
      const n = c.inputShape.reduce((a, b) => a * b, 1);
      const r = createRng(100 + k);
      const box = boxAround(
        Float32Array.from({ length: n }, () => r.uniformIn(-1, 1)),
        c.epsilon,
      );
      const t = boxTensors(box, c.inputShape);
      const ibp = bounds(c.forward, t, { method: "ibp" });
      const crown = bounds(c.forward, t, { method: "crown" });
      const points = await collectPointsOnWasm(c, box, 10_000, 7 + k);
      const margin = await expectSound(c, points, [ibp, crown]);
      expect(margin.points).toBeGreaterThanOrEqual(10_000);
      expect(meanWidth(crown)).toBeLessThanOrEqual(meanWidth(ibp));
      console.log(
        `bounds/ops ${c.name}: tightest margin ${margin.min.toExponential(2)}, widths ibp ${meanWidth(ibp).toPrecision(4)} crown ${meanWidth(crown).toPrecision(4)}`,
      );
    });
  });
});

/** How far outward a step may move a bound it only copies: the engine's outward margin for the float32 forward, far below 1e-6. */
const copySlack = (v: number): number => 1e-6 * (1 + Math.abs(v));

describe("bounds through the ops that only move numbers are the moved bounds", () => {
  it("permute, transpose, narrow, select and stack carry each element's IBP and CROWN bounds, widened only by the outward margin", () => {
    const w = rand([6, 4], 40, 0.7);
    const b = rand([6], 41);
    const r = createRng(42);
    const box = boxTensors(
      boxAround(
        Float32Array.from({ length: 4 }, () => r.uniformIn(-1, 1)),
        0.3,
      ),
      [1, 4],
    );
    const source = (x: T): T => ops.reshape(ops.relu(ops.linear(x, w, b)), [1, 2, 3]);
    const moves: [string, (h: T) => T, (i: number) => number][] = [
      // each move, and where its output element i comes from in the (1, 2, 3) source
      ["permute [0, 2, 1]", (h) => ops.permute(h, [0, 2, 1]), (i) => (i % 2) * 3 + Math.floor(i / 2)],
      ["transpose 1, 2", (h) => ops.transpose(h, 1, 2), (i) => (i % 2) * 3 + Math.floor(i / 2)],
      ["narrow axis 2 from 1, 2 long", (h) => ops.narrow(h, 2, 1, 2), (i) => Math.floor(i / 2) * 3 + 1 + (i % 2)],
      ["select axis 1, index -1", (h) => ops.select(h, 1, -1), (i) => 3 + i],
      ["stack of both rows on a new axis 2", (h) => ops.stack([ops.select(h, 1, 0), ops.select(h, 1, 1)], 2), (i) => (i % 2) * 3 + Math.floor(i / 2)],
    ];
    for (const method of ["ibp", "crown"] as const) {
      const whole = bounds(source, box, { method });
      for (const [name, move, from] of moves) {
        const moved = bounds((x: T) => move(source(x)), box, { method });
        expect(moved.lower.data.length, name).toBe(name.startsWith("select") ? 3 : name.startsWith("narrow") ? 4 : 6);
        moved.lower.data.forEach((lo, i) => {
          const wantLo = whole.lower.data[from(i)]!;
          const wantHi = whole.upper.data[from(i)]!;
          const hi = moved.upper.data[i]!;
          expect(lo, `${method} ${name} lower ${i}`).toBeLessThanOrEqual(wantLo);
          expect(lo, `${method} ${name} lower ${i}`).toBeGreaterThanOrEqual(wantLo - copySlack(wantLo));
          expect(hi, `${method} ${name} upper ${i}`).toBeGreaterThanOrEqual(wantHi);
          expect(hi, `${method} ${name} upper ${i}`).toBeLessThanOrEqual(wantHi + copySlack(wantHi));
        });
      }
    }
  });
});
