/**
 * Every reduction's VJP against central finite differences in float64: for x from randn and a random gy of the
 * output's shape, `x.grad` after `y.backward(gy)` must match d(sum(gy * f(x)))/dx. Covers one axis, negative
 * axes, contiguous and non-contiguous lists, keepdim, every axis, and 0-d tensors. amax/amin inputs are random
 * (ties have probability 0; the ties rule is tested in semantics.test.ts).
 */
import { describe, expect, it } from "vitest";
import { amax, amin, logSoftmax, logsumexp, mean, softmax, sum, variance } from "../../../src/ops/reduce/index.js";
import { randn, type Tensor, tensor } from "../../../src/tensor/tensor.js";
import type { ReduceOptions, VarOptions } from "../../../types/ops/reduce/index.js";
import type { Shape } from "../../../types/tensor/shape.js";
import { expectClose } from "../../helpers/golden.js";

type F64 = Tensor<number[], "float64">;
type Op = (x: F64) => Tensor<Shape, "float64">;

/** f's gradient at a random x against central differences (step h) of sum(gy * f(x)). */
function checkGradient(f: Op, shape: number[], seed: number): void {
  const x = randn(shape, { seed, dtype: "float64", requiresGrad: true });
  const y = f(x);
  const gy = randn([...y.shape], { seed: seed + 1000, dtype: "float64" });
  y.backward(gy as Tensor<Shape, "float64">);
  expect(x.grad, "x has a gradient").not.toBeNull();
  const h = 1e-6;
  const numeric = new Float64Array(x.size);
  const probe = x.data.slice();
  const objective = (): number => {
    const out = f(tensor(shape, probe, { dtype: "float64" }));
    let s = 0;
    for (let i = 0; i < out.size; i++) s += out.data[i]! * gy.data[i]!;
    return s;
  };
  for (let i = 0; i < probe.length; i++) {
    const v = probe[i]!;
    probe[i] = v + h;
    const up = objective();
    probe[i] = v - h;
    const down = objective();
    probe[i] = v;
    numeric[i] = (up - down) / (2 * h);
  }
  expectClose(x.grad!.data, numeric, `gradient on ${JSON.stringify(shape)}`, 1e-6, 1e-5);
}

const reduceCases: readonly { readonly shape: number[]; readonly options: ReduceOptions }[] = [
  { shape: [2, 3, 4], options: {} },
  { shape: [2, 3, 4], options: { dim: -1 } },
  { shape: [2, 3, 4], options: { dim: 1, keepdim: true } },
  { shape: [2, 3, 4], options: { dim: [0, 2] } },
  { shape: [2, 3, 4], options: { dim: [-1, 0], keepdim: true } },
  { shape: [2, 3, 4, 5], options: { dim: [1, 2] } },
  { shape: [2, 3, 4, 5], options: { dim: [0, 2, 3], keepdim: true } },
  { shape: [3, 4], options: { dim: [] } },
  { shape: [5], options: { dim: 0 } },
  { shape: [], options: { dim: -1 } },
  { shape: [], options: {} },
];

const reductions: Readonly<Record<string, (x: F64, options: ReduceOptions) => Tensor<Shape, "float64">>> = {
  sum: (x, o) => sum(x, o),
  mean: (x, o) => mean(x, o),
  amax: (x, o) => amax(x, o),
  amin: (x, o) => amin(x, o),
  logsumexp: (x, o) => logsumexp(x, o),
  var: (x, o) => variance(x, o),
};

describe("reductions: VJP vs finite differences (float64)", () => {
  for (const [name, op] of Object.entries(reductions)) {
    reduceCases.forEach((c, k) => {
      const n = c.shape.length === 0 ? 1 : c.shape.reduce((a, b) => a * b, 1);
      // var with one element per reduction divides by 0 (NaN): semantics.test.ts covers it.
      if (name === "var" && (c.shape.length === 0 || n === 1)) return;
      it(`${name} ${JSON.stringify(c.shape)} ${JSON.stringify(c.options)}`, () => checkGradient((x) => op(x, c.options), c.shape, 10 + k));
    });
  }

  const varCases: readonly VarOptions[] = [
    { correction: 0 },
    { dim: 1, correction: 0, keepdim: true },
    { dim: [0, 2], correction: 1 },
    { dim: -1, correction: 2 },
  ];
  varCases.forEach((options, k) => {
    it(`var ${JSON.stringify(options)}`, () => checkGradient((x) => variance(x, options), [3, 4, 5], 40 + k));
  });
});

describe("softmax and logSoftmax: VJP vs finite differences (float64)", () => {
  const cases: readonly { readonly shape: number[]; readonly dim: number }[] = [
    { shape: [2, 3, 4], dim: -1 },
    { shape: [2, 3, 4], dim: 1 },
    { shape: [2, 3, 4], dim: 0 },
    { shape: [7], dim: 0 },
    { shape: [], dim: 0 },
  ];
  cases.forEach((c, k) => {
    it(`softmax ${JSON.stringify(c.shape)} dim ${c.dim}`, () => checkGradient((x) => softmax(x, c.dim), c.shape, 60 + k));
    it(`logSoftmax ${JSON.stringify(c.shape)} dim ${c.dim}`, () => checkGradient((x) => logSoftmax(x, c.dim), c.shape, 80 + k));
  });
});

describe("reductions compose on the tape", () => {
  it("chains of reductions match finite differences", () => {
    checkGradient((x) => logsumexp(softmax(x, 1), { dim: [0, 1] }), [3, 4], 99);
    checkGradient((x) => mean(variance(x, { dim: -1, keepdim: true, correction: 0 }), { dim: 0 }), [4, 5], 98);
    checkGradient((x) => amax(logSoftmax(x, 0), { dim: -1 }), [3, 6], 97);
  });
});
