import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { createRng } from "../../src/random.js";
import { type Tensor, randn, tensor } from "../../src/tensor/tensor.js";
import { bceWithLogits, crossEntropy, dice, huber, mse, nllLoss, type Reduction, smoothL1 } from "../../src/train/index.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { expectClose, loadGolden } from "../helpers/golden.js";
import { finiteDifferenceError, fromGolden, uniform } from "./helpers.js";

type AnyTensor = Tensor<Shape, DType>;
type F64 = Tensor<number[], "float64">;

const cases = loadGolden("losses.json");

describe("losses match PyTorch (golden losses.json), through the tape", () => {
  it("has the three losses", () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(["bceWithLogits", "crossEntropy", "mse"]));
  });
  for (const dtype of ["float32", "float64"] as const) {
    for (const c of cases) {
      it(`${c.name} (${dtype})`, () => {
        const reduction = c.params["reduction"] as Reduction;
        let loss: AnyTensor;
        let input: AnyTensor;
        let gradName: string;
        switch (c.op) {
          case "bceWithLogits":
            gradName = "logits";
            input = fromGolden(c.inputs["logits"]!, dtype).requireGrad();
            loss = bceWithLogits(input, fromGolden(c.inputs["target"]!, dtype), { reduction });
            break;
          case "crossEntropy": {
            gradName = "logits";
            // The file's logits are one unbatched (C, H, W) image (classAxis 0). PyTorch reads a rank-3 input as
            // (N, C, d1), so the image is passed as a batch of one: (1, C, H, W) with target (1, H, W).
            expect(c.params["classAxis"]).toBe(0);
            const g = c.inputs["logits"]!;
            const t = c.inputs["target"]!;
            input = tensor<number[], typeof dtype>([1, ...g.shape], g.data, { dtype, requiresGrad: true });
            loss = crossEntropy(input, tensor<number[], typeof dtype>([1, ...t.shape], t.data, { dtype }), { reduction });
            break;
          }
          case "mse":
            gradName = "pred";
            input = fromGolden(c.inputs["pred"]!, dtype).requireGrad();
            loss = mse(input, fromGolden(c.inputs["target"]!, dtype), { reduction });
            break;
          default:
            throw new Error(`unknown golden loss op ${c.op}`);
        }
        expect(loss.shape).toEqual(c.output!.shape);
        expectClose([loss.item()], c.output!, `${c.name} loss`);
        loss.backward();
        const want = c.grads![gradName]!;
        expect(input.grad!.dtype).toBe(dtype);
        expect(input.grad!.data.length).toBe(want.data.length);
        expectClose(input.grad!.data, want, `${c.name} grad`);
      });
    }
  }
});

/** Class indices in [0, classes) of shape `shape` (float64), some replaced by `ignore` when given. */
function classTargets(shape: number[], classes: number, seed: number, ignore?: number): F64 {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor<number[], "float64">(
    shape,
    Array.from({ length: size }, (_, i) => (ignore !== undefined && i % 3 === 1 ? ignore : rng.int(classes))),
    { dtype: "float64" },
  );
}

function normal(shape: number[], seed: number, std = 1): F64 {
  return randn<number[], "float64">(shape, { seed, dtype: "float64", std });
}

/**
 * Central finite differences of Σ gy·loss(inputs) against the tape's gradient for every input in `wrt`, with a
 * random gy of the loss's shape (a scalar for "mean" / "sum").
 */
function checkGradients(loss: () => AnyTensor, wrt: readonly F64[], seed: number): void {
  for (const x of wrt) {
    x.requireGrad();
    x.grad = null;
  }
  const y = loss();
  const gy = normal([...y.shape], seed);
  y.backward(gy as AnyTensor);
  const scalarised = (): number => {
    const v = loss().data;
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i]! * gy.data[i]!;
    return s;
  };
  wrt.forEach((x, k) => {
    expect(x.grad, `input ${k} has a gradient`).not.toBeNull();
    expect(finiteDifferenceError(scalarised, x.data, x.grad!.data), `input ${k}`).toBeLessThan(1e-6);
  });
}

const reductions = ["mean", "sum", "none"] as const;

describe("loss gradients agree with float64 finite differences (every reduction, targets included)", () => {
  const shapes: number[][] = [[2, 3, 4, 5], [7, 3], [5]];
  for (const reduction of reductions) {
    for (const shape of shapes) {
      const tag = `[${shape.join(", ")}] ${reduction}`;
      it(`mse ${tag}`, () => {
        const p = normal(shape, 1);
        const t = normal(shape, 2);
        checkGradients(() => mse(p, t, { reduction }), [p, t], 3);
      });
      it(`huber ${tag} (delta 0.7)`, () => {
        const p = normal(shape, 4);
        const t = normal(shape, 5);
        checkGradients(() => huber(p, t, { delta: 0.7, reduction }), [p, t], 6);
      });
      it(`smoothL1 ${tag} (beta 0.6, and beta 0)`, () => {
        const p = normal(shape, 7);
        const t = normal(shape, 8);
        checkGradients(() => smoothL1(p, t, { beta: 0.6, reduction }), [p, t], 9);
        checkGradients(() => smoothL1(p, t, { beta: 0, reduction }), [p, t], 10);
      });
      it(`bceWithLogits ${tag}`, () => {
        const x = normal(shape, 11, 2);
        const t = uniform(shape, 12, 0, 1, "float64");
        checkGradients(() => bceWithLogits(x, t, { reduction }), [x, t], 13);
      });
      it(`bceWithLogits ${tag} with posWeight over the last axis and a broadcast (k, 1) posWeight`, () => {
        const x = normal(shape, 14, 2);
        const t = uniform(shape, 15, 0, 1, "float64");
        const last = uniform([shape[shape.length - 1]!], 16, 0.5, 3, "float64");
        checkGradients(() => bceWithLogits(x, t, { posWeight: last, reduction }), [x, t], 17);
        if (shape.length >= 2) {
          const col = uniform([shape[shape.length - 2]!, 1], 18, 0.5, 3, "float64");
          checkGradients(() => bceWithLogits(x, t, { posWeight: col, reduction }), [x, t], 19);
          expect(col.grad).toBeNull();
        }
        expect(last.grad).toBeNull();
      });
    }
    const classShapes: number[][] = [[6, 4], [2, 3, 4, 5], [2, 3, 5], [4]];
    for (const shape of classShapes) {
      const c = shape.length === 1 ? shape[0]! : shape[1]!;
      const tShape = shape.length === 1 ? [] : [shape[0]!, ...shape.slice(2)];
      const tag = `[${shape.join(", ")}] ${reduction}`;
      it(`crossEntropy ${tag}: plain, weighted + ignoreIndex, label smoothing + weight`, () => {
        const x = normal(shape, 21, 2);
        const t = classTargets(tShape, c, 22);
        checkGradients(() => crossEntropy(x, t, { reduction }), [x], 23);
        const w = uniform([c], 24, 0.2, 2, "float64");
        const ti = classTargets(tShape, c, 25, shape.length === 1 ? undefined : -100);
        checkGradients(() => crossEntropy(x, ti, { weight: w, reduction }), [x], 26);
        checkGradients(() => crossEntropy(x, t, { weight: w, labelSmoothing: 0.2, ignoreIndex: 1, reduction }), [x], 27);
        checkGradients(() => crossEntropy(x, t, { labelSmoothing: 0.3, reduction }), [x], 28);
        expect(w.grad).toBeNull();
      });
      it(`nllLoss ${tag}: plain and weighted + ignoreIndex`, () => {
        const x = normal(shape, 31);
        const t = classTargets(tShape, c, 32);
        checkGradients(() => nllLoss(x, t, { reduction }), [x], 33);
        const w = uniform([c], 34, 0.2, 2, "float64");
        checkGradients(() => nllLoss(x, classTargets(tShape, c, 35, shape.length === 1 ? undefined : -100), { weight: w, reduction }), [x], 36);
      });
    }
  }
  for (const reduction of ["mean", "sum"] as const) {
    for (const shape of [
      [2, 3, 4, 5],
      [3, 4, 4],
    ]) {
      it(`dice [${shape.join(", ")}] ${reduction} (smooth 1 and 0.1)`, () => {
        const x = normal(shape, 41, 2);
        const t = uniform(shape, 42, 0, 1, "float64");
        checkGradients(() => dice(x, t, { reduction }), [x, t], 43);
        checkGradients(() => dice(x, t, { reduction, smooth: 0.1 }), [x, t], 44);
      });
    }
  }
});

describe("reductions", () => {
  it("sum is the sum of none; mean divides by the element count (mse, huber, smoothL1, bce)", () => {
    const x = normal([2, 3, 4], 51);
    const t = uniform([2, 3, 4], 52, 0, 1, "float64");
    type Pointwise = (p: F64, t: F64, o?: { reduction?: Reduction }) => AnyTensor;
    const fs: Pointwise[] = [mse, huber, smoothL1, bceWithLogits];
    for (const f of fs) {
      const none = f(x, t, { reduction: "none" });
      expect(none.shape).toEqual([2, 3, 4]);
      const total = Array.from(none.data).reduce((a, b) => a + b, 0);
      expect(f(x, t, { reduction: "sum" }).item()).toBeCloseTo(total, 10);
      expect(f(x, t).item()).toBeCloseTo(total / 24, 10);
      expect(f(x, t).shape).toEqual([]);
    }
  });
  it("crossEntropy mean divides by the weights of the targets not ignored", () => {
    const x = normal([5, 3], 53);
    const t = tensor([5], [0, -100, 2, 1, 2], { dtype: "float64" });
    const w = tensor([3], [0.5, 2, 3], { dtype: "float64" });
    const none = crossEntropy(x, t, { weight: w, reduction: "none" });
    expect(none.data[1]).toBe(0);
    const total = Array.from(none.data).reduce((a, b) => a + b, 0);
    expect(crossEntropy(x, t, { weight: w }).item()).toBeCloseTo(total / (0.5 + 3 + 2 + 3), 12);
  });
  it("crossEntropy: every target ignored gives NaN for mean, 0 for sum, as PyTorch", () => {
    const x = normal([2, 3], 54);
    const t = tensor([2], [-100, -100], { dtype: "float64" });
    expect(crossEntropy(x, t).item()).toBeNaN();
    expect(crossEntropy(x, t, { reduction: "sum" }).item()).toBe(0);
  });
  it("crossEntropy equals nllLoss of the log-softmax", () => {
    const x = normal([4, 3, 2], 55);
    const t = classTargets([4, 2], 3, 56);
    const logp = tensor<number[], "float64">([4, 3, 2], new Float64Array(24), { dtype: "float64" });
    for (let b = 0; b < 4; b++) {
      for (let p = 0; p < 2; p++) {
        const at = (c: number): number => b * 6 + c * 2 + p;
        const z = Math.log([0, 1, 2].reduce((s, c) => s + Math.exp(x.data[at(c)]!), 0));
        for (let c = 0; c < 3; c++) logp.data[at(c)] = x.data[at(c)]! - z;
      }
    }
    expectClose(crossEntropy(x, t, { reduction: "none" }).data, nllLoss(logp, t, { reduction: "none" }).data, "ce vs nll", 1e-12, 1e-12);
  });
  it("rejects an unknown reduction", () => {
    const x = normal([3], 57);
    expect(() => mse(x, x, { reduction: "avg" as Reduction })).toThrow(new RangeError('mse: reduction must be "mean", "sum" or "none", got "avg"'));
    expect(() => dice(x, x, { reduction: "none" as "mean" })).toThrow(new RangeError('dice: reduction must be "mean" or "sum", got "none"'));
  });
});

describe("bceWithLogits", () => {
  it("is stable for large logits", () => {
    const x = tensor([4], [1000, -1000, 1000, -1000], { dtype: "float64", requiresGrad: true });
    const t = tensor([4], [0, 1, 1, 0], { dtype: "float64" });
    const loss = bceWithLogits(x, t, { reduction: "sum" });
    expect(loss.item()).toBeCloseTo(2000, 9);
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([1, -1, 0, 0]);
  });
  it("matches the textbook formula, posWeight scaling the positive term", () => {
    const x = uniform([2, 5], 5, -4, 4, "float64");
    const t = uniform([2, 5], 6, 0, 1, "float64");
    const pw = uniform([5], 7, 0.5, 3, "float64");
    let want = 0;
    for (let i = 0; i < 10; i++) {
      const p = 1 / (1 + Math.exp(-x.data[i]!));
      want -= pw.data[i % 5]! * t.data[i]! * Math.log(p) + (1 - t.data[i]!) * Math.log(1 - p);
    }
    expect(bceWithLogits(x, t, { posWeight: pw }).item()).toBeCloseTo(want / 10, 12);
  });
});

describe("crossEntropy", () => {
  it("(N, C, H, W) mean equals the mean of its (1, C, H, W) slices; (C) with a [] target is one position", () => {
    const x = uniform([2, 3, 2, 2], 7, -2, 2, "float64");
    const t = tensor([2, 2, 2], [0, 1, 2, 1, 2, 2, 0, 0], { dtype: "float64" });
    const parts = [0, 1].map((b) =>
      crossEntropy(
        tensor([1, 3, 2, 2], x.data.subarray(b * 12, b * 12 + 12), { dtype: "float64" }),
        tensor([1, 2, 2], t.data.subarray(b * 4, b * 4 + 4), { dtype: "float64" }),
      ).item(),
    );
    expect(crossEntropy(x, t).item()).toBeCloseTo((parts[0]! + parts[1]!) / 2, 12);
    const one = tensor([3], [0.5, -1, 2], { dtype: "float64" });
    const k = tensor([], [2], { dtype: "float64" });
    const unbatched = crossEntropy(one, k, { reduction: "none" });
    expect(unbatched.shape).toEqual([]);
    expect(unbatched.item()).toBeCloseTo(
      crossEntropy(tensor([1, 3], one.data, { dtype: "float64" }), tensor([1], [2], { dtype: "float64" })).item(),
      12,
    );
  });
  it("is stable for huge logits", () => {
    const x = tensor([1, 2], [1000, -1000], { dtype: "float64" });
    expect(crossEntropy(x, tensor([1], [1], { dtype: "float64" })).item()).toBeCloseTo(2000, 9);
    expect(crossEntropy(x, tensor([1], [0], { dtype: "float64" })).item()).toBe(0);
  });
  it("rejects class targets that are not integers in [0, C) or ignoreIndex", () => {
    const x = normal([2, 3, 2], 8);
    for (const bad of [3, -1, 0.5, NaN]) {
      expect(() => crossEntropy(x, tensor([2, 2], [0, 1, bad, 2], { dtype: "float64" }))).toThrow(
        new RangeError(`crossEntropy: target[2] is ${bad}, but class targets must be integers in [0, 3)`),
      );
    }
    expect(() => crossEntropy(x, tensor([2, 2], [0, 1, 7, 2], { dtype: "float64" }), { ignoreIndex: 7 })).not.toThrow();
    expect(() => nllLoss(x, tensor([2, 2], [0, 1, 3, 2], { dtype: "float64" }))).toThrow(/nllLoss: target\[2\] is 3/);
  });
  it("rejects labelSmoothing outside [0, 1]", () => {
    expect(() => crossEntropy(normal([2, 3], 9), tensor([2], [0, 1], { dtype: "float64" }), { labelSmoothing: 1.5 })).toThrow(
      new RangeError("crossEntropy: labelSmoothing must be in [0, 1], got 1.5"),
    );
  });
});

describe("dice", () => {
  it("follows 1 − (2Σpt + smooth)/(Σp + Σt + smooth) per sample, averaged over the batch", () => {
    const x = uniform([2, 1, 3, 3], 8, -3, 3, "float64");
    const t = uniform([2, 1, 3, 3], 9, 0, 1, "float64");
    const perSample = [0, 1].map((s) => {
      let inter = 0;
      let sp = 0;
      let st = 0;
      for (let i = s * 9; i < s * 9 + 9; i++) {
        const p = 1 / (1 + Math.exp(-x.data[i]!));
        inter += p * t.data[i]!;
        sp += p;
        st += t.data[i]!;
      }
      return 1 - (2 * inter + 0.5) / (sp + st + 0.5);
    });
    expect(dice(x, t, { smooth: 0.5 }).item()).toBeCloseTo((perSample[0]! + perSample[1]!) / 2, 12);
    expect(dice(x, t, { smooth: 0.5, reduction: "sum" }).item()).toBeCloseTo(perSample[0]! + perSample[1]!, 12);
  });
  it("is near 0 for a confident correct prediction and near 1 for a confident wrong one", () => {
    const t = tensor([1, 1, 2, 2], [1, 0, 0, 1], { dtype: "float64" });
    const right = tensor([1, 1, 2, 2], [20, -20, -20, 20], { dtype: "float64" });
    const wrong = tensor([1, 1, 2, 2], [-20, 20, 20, -20], { dtype: "float64" });
    expect(dice(right, t).item()).toBeLessThan(1e-6);
    expect(dice(wrong, t, { smooth: 0 }).item()).toBeGreaterThan(1 - 1e-6);
  });
});

describe("float32 matches float64 and keeps its dtype", () => {
  it("for every loss, value and gradient", () => {
    const x64 = uniform([2, 3, 4, 4], 31, -3, 3, "float64");
    const t64 = uniform([2, 3, 4, 4], 32, 0, 1, "float64");
    type Loss = <D extends DType>(p: Tensor<number[], D>, t: Tensor<number[], D>) => Tensor<[], D>;
    const fs: Loss[] = [(p, t) => bceWithLogits(p, t), (p, t) => mse(p, t), (p, t) => huber(p, t), (p, t) => smoothL1(p, t), (p, t) => dice(p, t)];
    for (const f of fs) {
      const x32 = tensor<number[]>([2, 3, 4, 4], x64.data, { requiresGrad: true });
      const t32 = tensor<number[]>([2, 3, 4, 4], t64.data);
      const a = f(x32, t32);
      const xb = tensor<number[], "float64">([2, 3, 4, 4], x64.data, { dtype: "float64", requiresGrad: true });
      const b = f(xb, t64);
      expect(a.dtype).toBe("float32");
      expect(a.item()).toBeCloseTo(b.item(), 5);
      a.backward();
      b.backward();
      expect(x32.grad!.data).toBeInstanceOf(Float32Array);
      expectClose(x32.grad!.data, xb.grad!.data, `loss ${fs.indexOf(f)} grad`, 1e-6, 1e-5);
    }
  });
});

describe("the tape", () => {
  it("a loss of inputs that need no gradient records nothing; backward through it then throws", () => {
    const x = normal([3], 61);
    const loss = mse(x, normal([3], 62));
    expect(loss.gradFn).toBeNull();
    expect(loss.requiresGrad).toBe(false);
    expect(() => loss.backward()).toThrow(ShapeError);
  });
  it("gradients flow through a loss into the op that made its input, and accumulate over two backwards", () => {
    const w = normal([4], 63).requireGrad();
    const t = normal([4], 64);
    const scaled = w.clone();
    mse(scaled, t, { reduction: "sum" }).backward();
    const once = Array.from(w.grad!.data);
    mse(w.clone(), t, { reduction: "sum" }).backward();
    expect(Array.from(w.grad!.data)).toEqual(once.map((g) => 2 * g));
    expectClose(
      once,
      Array.from(w.data, (v, i) => 2 * (v - t.data[i]!)),
      "2(p − t)",
      1e-12,
      0,
    );
  });
});

it("shape errors are ShapeErrors naming the loss, the argument and both shapes", () => {
  const x = tensor<number[]>([1, 5, 6], new Float32Array(30));
  expect(() => mse(x, tensor<number[]>([1, 5, 7], new Float32Array(35)))).toThrow(
    new ShapeError("mse: target shape [1, 5, 7] does not match pred shape [1, 5, 6]"),
  );
});
