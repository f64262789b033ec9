/**
 * Gradients of every elementwise op against central finite differences in float64 (random inputs from randn, a
 * random gy), including broadcast operands whose gradient the engine sums over the broadcast axes, plain-number
 * operands on either side, and the rules PyTorch fixes at the points where a derivative is not defined.
 */
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  clamp,
  div,
  dropout,
  elu,
  exp,
  gelu,
  leakyRelu,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  sigmoid,
  silu,
  softplus,
  sqrt,
  sub,
  tanh,
  where,
} from "../../../src/ops/elementwise/index.js";
import { Tensor, tensor } from "../../../src/tensor/tensor.js";
import { type AnyTensor, expectGradients, leaf } from "./grad-check.js";

type Binary = (a: AnyTensor | number, b: AnyTensor | number) => AnyTensor;
const binaries: Record<string, Binary> = {
  add: (a, b) => add(a, b) as AnyTensor,
  sub: (a, b) => sub(a, b) as AnyTensor,
  mul: (a, b) => mul(a, b) as AnyTensor,
  div: (a, b) => div(a, b) as AnyTensor,
  pow: (a, b) => pow(a, b) as AnyTensor,
  maximum: (a, b) => maximum(a, b) as AnyTensor,
  minimum: (a, b) => minimum(a, b) as AnyTensor,
};

/** Inputs each binary op is differentiable at: div's divisor and pow's base kept away from 0. */
function operands(op: string, aShape: number[], bShape: number[], seed: number): [AnyTensor, AnyTensor] {
  const positive = (v: number): number => 0.5 + Math.abs(v);
  const a = leaf(aShape, seed, op === "pow" ? positive : undefined);
  const b = leaf(bShape, seed + 1, op === "div" ? (v) => (v < 0 ? v - 0.5 : v + 0.5) : undefined);
  return [a, b];
}

const broadcastPairs: [number[], number[]][] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[3, 1], [4]],
  [
    [2, 3, 4],
    [3, 1],
  ],
  [[4], [2, 1, 4]],
  [
    [2, 1, 3],
    [1, 4, 1],
  ],
  [[2, 3], []],
];

describe("binary ops: finite differences, broadcasting included", () => {
  for (const [name, op] of Object.entries(binaries)) {
    for (const [aShape, bShape] of broadcastPairs) {
      it(`${name} [${aShape}] with [${bShape}]`, () => {
        const leaves = operands(name, aShape, bShape, 7);
        expectGradients(([a, b]) => op(a!, b!), leaves);
      });
    }
    it(`${name} tensor with a number on the right`, () => {
      const [a] = operands(name, [2, 3], [1], 11);
      expectGradients(([x]) => op(x!, name === "pow" ? 2.5 : 0.75), [a]);
    });
    it(`${name} a number on the left`, () => {
      const b = leaf([2, 3], 13, name === "div" ? (v) => (v < 0 ? v - 0.5 : v + 0.5) : undefined);
      expectGradients(([x]) => op(name === "pow" ? 1.7 : -0.75, x!), [b]);
    });
  }

  it("pow with integer exponents takes any base", () => {
    expectGradients(([x]) => pow(x!, 3) as AnyTensor, [leaf([2, 5], 21)]);
    expectGradients(([x]) => pow(x!, -2) as AnyTensor, [leaf([2, 5], 22, (v) => (v < 0 ? v - 0.5 : v + 0.5))]);
  });
});

describe("where: finite differences", () => {
  const condOf = (shape: number[], seed: number): AnyTensor => {
    const r = leaf(shape, seed);
    return Tensor.wrap(
      shape,
      "float64",
      Float64Array.from(r.data, (v) => (v > 0 ? 1 : 0)),
    );
  };
  const cases: [number[], number[], number[]][] = [
    [
      [3, 4],
      [3, 4],
      [3, 4],
    ],
    [[3, 1], [4], [3, 4]],
    [[2, 3, 1], [3, 4], [1]],
  ];
  for (const [c, a, b] of cases) {
    it(`cond [${c}], a [${a}], b [${b}]`, () => {
      const cond = condOf(c, 31);
      expectGradients(([x, y]) => where(cond, x!, y!) as AnyTensor, [leaf(a, 32), leaf(b, 33)]);
      expect(cond.grad).toBeNull();
    });
  }
  it("a number for a or b", () => {
    const cond = condOf([2, 3], 34);
    expectGradients(([x]) => where(cond, x!, 0) as AnyTensor, [leaf([2, 3], 35)]);
    expectGradients(([x]) => where(cond, -1, x!) as AnyTensor, [leaf([3], 36)]);
  });
});

type Unary = (x: AnyTensor) => AnyTensor;
const positive = (v: number): number => 0.3 + Math.abs(v);
const unaries: [string, Unary, ((v: number) => number)?][] = [
  ["neg", (x) => neg(x)],
  ["exp", (x) => exp(x)],
  ["log", (x) => log(x), positive],
  ["sqrt", (x) => sqrt(x), positive],
  ["abs", (x) => abs(x)],
  ["clamp min and max", (x) => clamp(x, { min: -0.5, max: 0.7 })],
  ["clamp min", (x) => clamp(x, { min: -0.2 })],
  ["clamp max", (x) => clamp(x, { max: 0.3 })],
  ["sigmoid", (x) => sigmoid(x)],
  ["tanh", (x) => tanh(x)],
  ["gelu", (x) => gelu(x)],
  ["gelu tanh", (x) => gelu(x, { approximate: "tanh" })],
  ["leakyRelu", (x) => leakyRelu(x)],
  ["leakyRelu 0.2", (x) => leakyRelu(x, { negativeSlope: 0.2 })],
  ["silu", (x) => silu(x)],
  ["softplus", (x) => softplus(x)],
  ["softplus beta 2, threshold 1 (both branches)", (x) => softplus(x, { beta: 2, threshold: 1 })],
  ["elu", (x) => elu(x)],
  ["elu alpha 0.5", (x) => elu(x, { alpha: 0.5 })],
  ["dropout p 0.3 (fixed mask)", (x) => dropout(x, { p: 0.3, seed: 5 })],
];

describe("unary ops and activations: finite differences", () => {
  for (const [name, op, map] of unaries) {
    it(name, () => {
      expectGradients(([x]) => op(x!), [leaf([3, 5], 41, (v) => (map ? map(2 * v) : 2 * v))]);
    });
  }
});

describe("broadcast gradients are summed over the broadcast axes", () => {
  it("[3, 1] + [4]: a's gradient sums gy over axis 1, b's over axis 0", () => {
    const a = leaf([3, 1], 51);
    const b = leaf([4], 52);
    const y = add(a, b) as AnyTensor;
    expect(y.shape).toEqual([3, 4]);
    const gy = leaf([3, 4], 53).detach();
    y.backward(gy);
    const g = gy.data;
    expect(Array.from(a.grad!.data)).toEqual([0, 1, 2].map((i) => g[4 * i]! + g[4 * i + 1]! + g[4 * i + 2]! + g[4 * i + 3]!));
    expect(Array.from(b.grad!.data)).toEqual([0, 1, 2, 3].map((j) => g[j]! + g[4 + j]! + g[8 + j]!));
  });

  it("[3, 1] · [4]: a's gradient is Σ_j gy·b, b's is Σ_i gy·a", () => {
    const a = leaf([3, 1], 54);
    const b = leaf([4], 55);
    const gy = leaf([3, 4], 56).detach();
    (mul(a, b) as AnyTensor).backward(gy);
    const g = gy.data;
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += g[4 * i + j]! * b.data[j]!;
      expect(a.grad!.data[i]).toBeCloseTo(s, 12);
    }
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let i = 0; i < 3; i++) s += g[4 * i + j]! * a.data[i]!;
      expect(b.grad!.data[j]).toBeCloseTo(s, 12);
    }
  });
});

/** Gradient of op at the given points for gy = 1. */
function gradAt(op: Unary, points: number[]): number[] {
  const x = tensor([points.length], points, { dtype: "float64", requiresGrad: true });
  const y = op(x);
  y.backward(
    tensor(
      [points.length],
      points.map(() => 1),
      { dtype: "float64" },
    ),
  );
  return Array.from(x.grad!.data);
}

describe("PyTorch's rules where the derivative is not defined", () => {
  it("maximum and minimum split the gradient evenly at ties", () => {
    for (const op of [maximum, minimum]) {
      const a = tensor([3], [1, 2, 3], { dtype: "float64", requiresGrad: true });
      const b = tensor([3], [1, 5, 0], { dtype: "float64", requiresGrad: true });
      (op(a, b) as AnyTensor).backward(tensor([3], [4, 4, 4], { dtype: "float64" }));
      const first = op === maximum ? [2, 0, 4] : [2, 4, 0];
      expect(Array.from(a.grad!.data)).toEqual(first);
      expect(Array.from(b.grad!.data)).toEqual(first.map((g, i) => (i === 0 ? 2 : 4 - g)));
    }
  });

  it("maximum and minimum propagate NaN", () => {
    const a = tensor([2], [NaN, 1], { dtype: "float64" });
    const b = tensor([2], [0, NaN], { dtype: "float64" });
    expect(Array.from((maximum(a, b) as AnyTensor).data)).toEqual([NaN, NaN]);
    expect(Array.from((minimum(a, b) as AnyTensor).data)).toEqual([NaN, NaN]);
  });

  it("at exactly 0: abs' = 0, leakyRelu' = negativeSlope, elu' = alpha, gelu' = 0.5", () => {
    expect(gradAt((x) => abs(x), [0, -2, 3])).toEqual([0, -1, 1]);
    expect(gradAt((x) => leakyRelu(x, { negativeSlope: 0.2 }), [0])).toEqual([0.2]);
    expect(gradAt((x) => elu(x, { alpha: 0.5 }), [0])).toEqual([0.5]);
    expect(gradAt((x) => gelu(x), [0])).toEqual([0.5]);
    expect(gradAt((x) => gelu(x, { approximate: "tanh" }), [0])).toEqual([0.5]);
  });

  it("clamp passes the gradient on both bounds (inclusive) and none outside", () => {
    expect(gradAt((x) => clamp(x, { min: -1, max: 1 }), [-2, -1, 0, 1, 2])).toEqual([0, 1, 1, 1, 0]);
    expect(Array.from(clamp(tensor([3], [-2, 0, 2]), { min: 1, max: -1 }).data)).toEqual([-1, -1, -1]);
  });

  it("softplus is x where beta·x > threshold (strictly), with gradient 1 there", () => {
    const x = tensor([2], [10, 10.5], { dtype: "float64" });
    const y = softplus(x, { beta: 2, threshold: 20 });
    expect(y.data[1]).toBe(10.5);
    expect(y.data[0]).toBeCloseTo(Math.log1p(Math.exp(20)) / 2, 12);
    expect(gradAt((t) => softplus(t, { beta: 2, threshold: 20 }), [10.5])).toEqual([1]);
  });

  it("pow: no gradient to a where b = 0, none to b where a = 0 and b >= 0", () => {
    const a = tensor([3], [0, 0, 2], { dtype: "float64", requiresGrad: true });
    const b = tensor([3], [0, 2, 0], { dtype: "float64", requiresGrad: true });
    const y = pow(a, b) as AnyTensor;
    expect(Array.from(y.data)).toEqual([1, 0, 1]);
    y.backward(tensor([3], [1, 1, 1], { dtype: "float64" }));
    expect(Array.from(a.grad!.data)).toEqual([0, 0, 0]);
    expect(Array.from(b.grad!.data)).toEqual([0, 0, Math.log(2)]);
  });
});

describe("dropout", () => {
  const x = leaf([50, 40], 61).detach();

  it("keeps each element with probability 1 − p, scaled by 1/(1 − p); the same seed gives the same mask", () => {
    const y = dropout(x, { p: 0.25, seed: 3 });
    let kept = 0;
    for (let i = 0; i < x.size; i++) {
      if (y.data[i] === 0) continue;
      kept++;
      expect(y.data[i]).toBeCloseTo(x.data[i]! / 0.75, 12);
    }
    expect(kept / x.size).toBeGreaterThan(0.7);
    expect(kept / x.size).toBeLessThan(0.8);
    expect(Array.from(dropout(x, { p: 0.25, seed: 3 }).data)).toEqual(Array.from(y.data));
    expect(Array.from(dropout(x, { p: 0.25, seed: 4 }).data)).not.toEqual(Array.from(y.data));
  });

  it("the gradient uses the forward's mask", () => {
    const t = leaf([4, 6], 62);
    const y = dropout(t, { p: 0.5, seed: 9 });
    y.backward(tensor([4, 6], new Array<number>(24).fill(1), { dtype: "float64" }));
    for (let i = 0; i < t.size; i++) expect(t.grad!.data[i]).toBe(y.data[i] === 0 ? 0 : 2);
  });

  it("is the identity when not training or p = 0; zeros when p = 1", () => {
    expect(dropout(x, { p: 0.5, training: false, seed: 1 })).toBe(x);
    expect(dropout(x, { p: 0, seed: 1 })).toBe(x);
    const t = leaf([2, 3], 63);
    const y = dropout(t, { p: 1, seed: 1 });
    // x·0, as PyTorch: -0 for a negative x.
    expect(Array.from(y.data)).toEqual(Array.from(t.data, (v) => v * 0));
    y.backward(tensor([2, 3], [1, 2, 3, 4, 5, 6], { dtype: "float64" }));
    expect(Array.from(t.grad!.data).every((g) => g === 0)).toBe(true);
  });
});

describe("float32 and the tape's bookkeeping", () => {
  it("a float32 result rounds like PyTorch's float32 op and a number operand is cast to float32", () => {
    const x = tensor([2], [1, 3]);
    const y = mul(x, 0.1);
    expect(y.dtype).toBe("float32");
    expect(Array.from(y.data)).toEqual([Math.fround(Math.fround(0.1)), Math.fround(3 * Math.fround(0.1))]);
  });

  it("no input requires grad: nothing is recorded", () => {
    const y = add(tensor([2], [1, 2]), 1);
    expect(y.gradFn).toBeNull();
    expect(y.requiresGrad).toBe(false);
  });

  it("only the operand that requires grad gets one", () => {
    const a = tensor([2], [1, 2], { dtype: "float64", requiresGrad: true });
    const b = tensor([2], [3, 4], { dtype: "float64" });
    (mul(a, b) as AnyTensor).backward(tensor([2], [1, 1], { dtype: "float64" }));
    expect(Array.from(a.grad!.data)).toEqual([3, 4]);
    expect(b.grad).toBeNull();
  });

  it("empty tensors broadcast to an empty result", () => {
    const y = add(tensor([0, 3], []), tensor([3], [1, 2, 3]));
    expect(y.shape).toEqual([0, 3]);
    expect(y.size).toBe(0);
  });
});
