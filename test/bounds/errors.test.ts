import { describe, expect, it } from "vitest";
import { bounds, BoundsError } from "../../src/bounds/index.js";
import { record } from "../../src/autograd/graph.js";
import { ShapeError } from "../../src/errors.js";
import { Flatten } from "../../src/nn/layers/flatten.js";
import { Linear } from "../../src/nn/layers/linear.js";
import { ReLU } from "../../src/nn/layers/activations.js";
import { BatchNorm2d } from "../../src/nn/layers/batch-norm2d.js";
import { sequential } from "../../src/nn/sequential.js";
import { exp, mul, add } from "../../src/ops/elementwise/index.js";
import { linear } from "../../src/ops/linalg/index.js";
import { randn, Tensor, zeros } from "../../src/tensor/tensor.js";

const x0 = randn([1, 3], { seed: 1 });
const w = randn([2, 3], { seed: 2 });

describe("bounds refuses what it cannot bound, naming the op", () => {
  it("an op without a bound rule on the path from the input is an error, never a loose bound", () => {
    expect(() => bounds((x: Tensor<[1, 3]>) => linear(exp(x), w), { center: x0, epsilon: 0.1 })).toThrow(BoundsError);
    expect(() => bounds((x: Tensor<[1, 3]>) => linear(exp(x), w), { center: x0, epsilon: 0.1 })).toThrow(/op "exp" has no bound rule/);
  });

  it("an op outside the input's reach needs no rule: it is a constant", () => {
    const r = bounds((x: Tensor<[1, 3]>) => linear(x, exp(w)), { center: x0, epsilon: 0 });
    const y = linear(x0, exp(w));
    expect(Array.from(r.lower.data).every((v, i) => v <= y.data[i]! && y.data[i]! <= r.upper.data[i]!)).toBe(true);
  });

  it("an op recorded without a rule by a user is named too", () => {
    const custom = (x: Tensor<[1, 3]>) =>
      record(
        "myOp",
        Tensor.wrap(
          [1, 3],
          "float32",
          x.data.map((v) => v * 2),
        ),
        [x],
        (gy) => [gy],
      );
    expect(() => bounds((x: Tensor<[1, 3]>) => custom(x), { center: x0, epsilon: 0.1 })).toThrow(/op "myOp" has no bound rule/);
  });

  it("mul of two tensors that both depend on the input", () => {
    expect(() => bounds((x: Tensor<[1, 3]>) => mul(x, x), { center: x0, epsilon: 0.1 })).toThrow(
      /op "mul" cannot be bounded: both factors depend on the input/,
    );
  });

  it("batchNorm2d in training mode", () => {
    const model = sequential(new BatchNorm2d(2), new ReLU());
    const c = randn([2, 2, 3, 3], { seed: 3 });
    expect(() => bounds(model, { center: c, epsilon: 0.1 })).toThrow(/op "batchNorm2d" cannot be bounded: in training mode/);
    model.eval();
    expect(bounds(model, { center: c, epsilon: 0.1 }).lower.shape).toEqual([2, 2, 3, 3]);
  });

  it("a bad box changes nothing and says what is wrong", () => {
    const f = (x: Tensor<[1, 3]>) => add(x, 1);
    expect(() => bounds(f, { center: x0, epsilon: -1 })).toThrow(ShapeError);
    expect(() => bounds(f, { center: x0, epsilon: Number.NaN })).toThrow("bounds: epsilon must be a finite number >= 0, got NaN");
    const lo = zeros([1, 3]);
    const hi = Tensor.wrap([1, 3] as [1, 3], "float32", Float32Array.from([1, -1, 1]));
    expect(() => bounds(f, { lower: lo, upper: hi })).toThrow("bounds: the box needs lower <= upper (and no NaN) at every element, not at index 1");
    const wrong = zeros([3, 1]) as unknown as Tensor<[1, 3]>;
    expect(() => bounds(f, { lower: lo, upper: wrong })).toThrow("bounds: the box's lower and upper must have the same shape, got [1, 3] and [3, 1]");
    expect(() => bounds(f, { center: x0, epsilon: 1 }, { method: "exact" as "ibp" })).toThrow(/method must be "ibp" or "crown"/);
  });
});

describe("models and modules", () => {
  it("a Sequential of layers is bounded through its modules, with every step inspectable", () => {
    const model = sequential(new Flatten(), new Linear(3, 4, { seed: 1 }), new ReLU(), new Linear(4, 2, { seed: 2 }));
    const r = bounds(model, { center: x0, epsilon: 0.2 }, { method: "crown" });
    expect(r.lower.shape).toEqual([1, 2]);
    expect(r.intermediate.map((s) => s.op)).toEqual(["flatten", "linear", "relu", "linear"]);
    expect(r.intermediate.every((s) => s.lower.data.every((v, i) => v <= s.upper.data[i]!))).toBe(true);
    const y = model.forward(x0);
    for (let i = 0; i < 2; i++) {
      expect(r.lower.data[i]).toBeLessThanOrEqual(y.data[i]!);
      expect(r.upper.data[i]).toBeGreaterThanOrEqual(y.data[i]!);
    }
  });

  it("a model that returns its input gets the box itself", () => {
    const r = bounds((x: Tensor<[1, 3]>) => x, { center: x0, epsilon: 0.5 });
    expect(Array.from(r.upper.data, (u, i) => u - r.lower.data[i]!).every((d) => d >= 1)).toBe(true);
  });

  it("recording costs nothing outside a capture: record keeps no rule", () => {
    let built = 0;
    const y = record(
      "probe",
      Tensor.wrap([1], "float32", new Float32Array(1)),
      [],
      () => [],
      () => {
        built++;
        return { kind: "unboundable", reason: "probe" };
      },
    );
    expect(y.gradFn).toBeNull();
    expect(built).toBe(0);
  });
});
