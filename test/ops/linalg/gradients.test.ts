/**
 * matmul and linear gradients through the tape against central finite differences in float64, for every case
 * kind of matmul (1-D · 1-D, 1-D · N-D, N-D · 1-D, 2-D, batched with broadcast batch axes on either side, so the
 * tape sums the gradient over them), linear with and without leading axes and bias, and scaledDotProductAttention
 * (batch axes that broadcast, an additive mask that broadcasts, causal, a given scale), on every backend.
 */
import { afterAll, describe, expect, it } from "vitest";
import { noGrad } from "../../../src/autograd/grad-mode.js";
import { currentBackend, useBackend } from "../../../src/backend.js";
import { scaledDotProductAttention } from "../../../src/ops/linalg/attention.js";
import { linear } from "../../../src/ops/linalg/linear.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import { randn, type Tensor } from "../../../src/tensor/tensor.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { backendsUnderTest } from "../../helpers/backends.js";

type AnyTensor = Tensor<Shape, DType>;

function input(shape: readonly number[], seed: number): AnyTensor {
  return randn(shape as number[], { seed, dtype: "float64", requiresGrad: true }) as AnyTensor;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Runs `f` on `inputs`, back-propagates a random gy, and checks every input's `.grad` against the central
 * difference of `sum(f(inputs) * gy)`; also that each gradient has its input's shape.
 */
function checkGradients(
  f: (xs: readonly AnyTensor[]) => AnyTensor,
  inputs: readonly AnyTensor[],
  expectedOut: readonly number[],
  seed: number,
): void {
  const y = f(inputs);
  expect(y.shape).toEqual(expectedOut);
  const gy = randn(y.shape as number[], { seed, dtype: "float64" }) as AnyTensor;
  y.backward(gy);
  const loss = (): number => noGrad(() => dot(f(inputs).data, gy.data));
  const h = 1e-6;
  inputs.forEach((t, k) => {
    const g = t.grad;
    expect(g, `input ${k} has a gradient`).not.toBeNull();
    expect(g!.shape, `input ${k}: gradient shape`).toEqual(t.shape);
    const values = t.data;
    for (let i = 0; i < values.length; i++) {
      const keep = values[i]!;
      values[i] = keep + h;
      const up = loss();
      values[i] = keep - h;
      const down = loss();
      values[i] = keep;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(numeric - g!.data[i]!), `input ${k} [${i}]: numeric ${numeric} vs ${g!.data[i]}`).toBeLessThan(1e-6 + 1e-6 * Math.abs(numeric));
    }
  });
}

const matmulCases: readonly { name: string; a: number[]; b: number[]; out: number[] }[] = [
  { name: "1-D · 1-D (dot)", a: [5], b: [5], out: [] },
  { name: "1-D · 2-D", a: [4], b: [4, 3], out: [3] },
  { name: "1-D · batched (the gradient of a summed over the batch)", a: [4], b: [2, 4, 3], out: [2, 3] },
  { name: "2-D · 1-D", a: [3, 4], b: [4], out: [3] },
  { name: "batched · 1-D", a: [2, 3, 4], b: [4], out: [2, 3] },
  { name: "2-D · 2-D", a: [3, 4], b: [4, 5], out: [3, 5] },
  { name: "batched · 2-D (b's gradient summed over the batch)", a: [2, 3, 4], b: [4, 5], out: [2, 3, 5] },
  { name: "2-D · batched (a's gradient summed over the batch)", a: [3, 4], b: [2, 4, 5], out: [2, 3, 5] },
  { name: "broadcast batch axes on both sides", a: [2, 1, 3, 4], b: [5, 4, 6], out: [2, 5, 3, 6] },
  { name: "size-1 batch axes of b", a: [3, 2, 3], b: [1, 1, 3, 2], out: [1, 3, 2, 2] },
];

const linearCases: readonly { name: string; x: number[]; w: number[]; bias: boolean; out: number[] }[] = [
  { name: "x (N, in) with bias", x: [4, 6], w: [3, 6], bias: true, out: [4, 3] },
  { name: "x (N, T, in) with bias (the bias gradient summed over N and T)", x: [2, 3, 6], w: [3, 6], bias: true, out: [2, 3, 3] },
  { name: "x (N, T, in) without bias", x: [2, 3, 6], w: [3, 6], bias: false, out: [2, 3, 3] },
  { name: "x (in), no leading axes", x: [6], w: [3, 6], bias: true, out: [3] },
];

const attentionCases: readonly { name: string; shapes: number[][]; causal?: boolean; scale?: number; out: number[] }[] = [
  {
    name: "(B, heads, L, E) with L != S and Ev != E",
    shapes: [
      [2, 2, 3, 4],
      [2, 2, 5, 4],
      [2, 2, 5, 3],
    ],
    out: [2, 2, 3, 3],
  },
  {
    name: "broadcast batch (key's and value's gradients summed)",
    shapes: [
      [2, 3, 4],
      [1, 5, 4],
      [1, 5, 2],
    ],
    out: [2, 3, 2],
  },
  {
    name: "an additive mask (L, S) that broadcasts",
    shapes: [
      [2, 3, 4],
      [2, 5, 4],
      [2, 5, 2],
      [3, 5],
    ],
    out: [2, 3, 2],
  },
  {
    name: "causal, L > S",
    shapes: [
      [1, 5, 3],
      [1, 4, 3],
      [1, 4, 2],
    ],
    causal: true,
    out: [1, 5, 2],
  },
  {
    name: "a given scale",
    shapes: [
      [3, 4],
      [4, 4],
      [4, 2],
    ],
    scale: 0.7,
    out: [3, 2],
  },
];

for (const entry of backendsUnderTest) {
  describe(`linalg gradients: finite differences in float64 [${entry.name}]`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    matmulCases.forEach((c, i) => {
      it(`matmul ${c.name}: ${JSON.stringify(c.a)} · ${JSON.stringify(c.b)}`, async () => {
        useBackend(await entry.create());
        checkGradients(([a, b]) => matmul(a!, b!) as AnyTensor, [input(c.a, 10 * i), input(c.b, 10 * i + 1)], c.out, 10 * i + 2);
      });
    });
    linearCases.forEach((c, i) => {
      it(`linear ${c.name}`, async () => {
        useBackend(await entry.create());
        const inputs = [input(c.x, 100 + i), input(c.w, 200 + i), ...(c.bias ? [input([c.w[0]!], 300 + i)] : [])];
        checkGradients(([x, w, b]) => linear(x!, w!, b ?? null) as AnyTensor, inputs, c.out, 400 + i);
      });
    });
    attentionCases.forEach((c, i) => {
      it(`scaledDotProductAttention ${c.name}`, async () => {
        useBackend(await entry.create());
        const inputs = c.shapes.map((shape, k) => input(shape, 500 + 10 * i + k));
        const options = { isCausal: c.causal === true, ...(c.scale === undefined ? {} : { scale: c.scale }) };
        checkGradients(
          ([q, k, v, m]) => scaledDotProductAttention(q!, k!, v!, { ...options, attnMask: m ?? null }) as AnyTensor,
          inputs,
          c.out,
          600 + i,
        );
      });
    });
  });
}

describe("linalg gradients of float32 on the wasm kernel", () => {
  it("match the float64 gradients to float32 precision (a broadcast batch)", async () => {
    const { sharedWasmBackend } = await import("../../wasm/shared-backends.js");
    const before = useBackend(await sharedWasmBackend(2));
    try {
      const grads = (dtype: DType): Float64Array[] => {
        const a = randn([2, 1, 33, 70], { seed: 1, dtype, requiresGrad: true }) as AnyTensor;
        const b = randn([3, 70, 17], { seed: 2, dtype, requiresGrad: true }) as AnyTensor;
        const y = matmul(a, b) as AnyTensor;
        y.backward(randn(y.shape as number[], { seed: 3, dtype }) as AnyTensor);
        return [Float64Array.from(y.data), Float64Array.from(a.grad!.data), Float64Array.from(b.grad!.data)];
      };
      const want = grads("float64");
      const got = grads("float32");
      want.forEach((w, k) => {
        for (let i = 0; i < w.length; i++) expect(Math.abs(got[k]![i]! - w[i]!), `${k} [${i}]`).toBeLessThan(1e-4 + 1e-4 * Math.abs(w[i]!));
      });
    } finally {
      useBackend(before);
    }
  });
});
