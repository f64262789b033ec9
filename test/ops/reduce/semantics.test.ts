/**
 * PyTorch's conventions the golden file does not pin down: ties (amax/amin split the gradient evenly, argmax
 * takes the first), NaN, empty reductions, var's divisor at N - correction <= 0, infinite inputs to logsumexp,
 * 0-d tensors, an empty dim list, and argmax recording nothing.
 */
import { describe, expect, it } from "vitest";
import { amax, amin, argmax, logSoftmax, logsumexp, mean, softmax, sum, variance } from "../../../src/ops/reduce/index.js";
import { fromNested, tensor, zeros } from "../../../src/tensor/tensor.js";

const f64 = { dtype: "float64" } as const;

describe("ties", () => {
  it("amax splits the gradient evenly among tied maxima along the reduced axes", () => {
    const x = fromNested(
      [
        [1, 3, 3],
        [2, 2, 2],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const y = amax(x, { dim: -1 });
    expect(Array.from(y.data)).toEqual([3, 2]);
    y.backward(fromNested([6, 9], f64));
    expect(Array.from(x.grad!.data)).toEqual([0, 3, 3, 3, 3, 3]);
  });

  it("amax over every axis and over a list split among all ties of the slice", () => {
    const x = fromNested(
      [
        [5, 1],
        [5, 5],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    amax(x).backward(tensor([], [3], f64));
    expect(Array.from(x.grad!.data)).toEqual([1, 0, 1, 1]);
    const z = fromNested(
      [
        [
          [1, 4],
          [4, 0],
        ],
        [
          [4, 2],
          [3, 4],
        ],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const m = amax(z, { dim: [0, 2], keepdim: true });
    expect(m.shape).toEqual([1, 2, 1]);
    m.backward(fromNested([[[2], [8]]], f64));
    expect(Array.from(z.grad!.data)).toEqual([0, 1, 4, 0, 1, 0, 0, 4]);
  });

  it("amin splits among tied minima", () => {
    const x = fromNested([[0, 0, 1, 0]], { dtype: "float64", requiresGrad: true });
    amin(x, { dim: 1 }).backward(fromNested([3], f64));
    expect(Array.from(x.grad!.data)).toEqual([1, 1, 0, 1]);
  });

  it("argmax returns the first maximum: along an axis, and as a flat index with dim omitted", () => {
    const x = fromNested([
      [1, 3, 3],
      [2, 2, 2],
      [0, -1, 7],
    ]);
    expect(Array.from(argmax(x, { dim: 1 }).data)).toEqual([1, 0, 2]);
    expect(Array.from(argmax(x, { dim: 0 }).data)).toEqual([1, 0, 2]);
    const all = argmax(
      fromNested([
        [1, 7],
        [7, 7],
      ]),
    );
    expect(all.shape).toEqual([]);
    expect(all.item()).toBe(1);
    const kept = argmax(x, { dim: -1, keepdim: true });
    expect(kept.shape).toEqual([3, 1]);
    expect(argmax(x, { keepdim: true }).shape).toEqual([1, 1]);
    expect(argmax(x, { keepdim: true }).item()).toBe(8);
  });

  it("argmax is not differentiable: it records nothing and returns x's dtype", () => {
    const x = fromNested(
      [
        [1, 2],
        [4, 3],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const i = argmax(x, { dim: 1 });
    expect(i.dtype).toBe("float64");
    expect(i.requiresGrad).toBe(false);
    expect(i.gradFn).toBeNull();
  });
});

describe("NaN and infinities", () => {
  it("amax and amin propagate NaN; argmax takes the first NaN as the maximum", () => {
    const x = fromNested([
      [1, NaN, 3, NaN],
      [4, 5, 6, 0],
    ]);
    expect(Array.from(amax(x, { dim: 1 }).data)).toEqual([NaN, 6]);
    expect(Array.from(amin(x, { dim: 1 }).data)).toEqual([NaN, 0]);
    expect(Array.from(argmax(x, { dim: 1 }).data)).toEqual([1, 2]);
  });

  it("logsumexp: all -Infinity gives -Infinity, an Infinity gives Infinity, huge values stay finite", () => {
    expect(logsumexp(fromNested([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(logsumexp(fromNested([1, Infinity])).item()).toBe(Infinity);
    const big = logsumexp(fromNested([1000, 1000], f64)).item();
    expect(big).toBeCloseTo(1000 + Math.log(2), 10);
  });

  it("softmax and logSoftmax stay finite for huge inputs", () => {
    const y = softmax(fromNested([1000, 999, -1000]), 0);
    expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
    expect(y.data[0]! + y.data[1]! + y.data[2]!).toBeCloseTo(1, 6);
    const ly = logSoftmax(fromNested([1000, 1000], f64), -1);
    expect(Array.from(ly.data)).toEqual([-Math.log(2), -Math.log(2)]);
  });
});

describe("empty and degenerate reductions (PyTorch's values)", () => {
  it("sum of nothing is 0, mean NaN, logsumexp -Infinity, var NaN", () => {
    const x = zeros([2, 0]);
    expect(Array.from(sum(x, { dim: 1 }).data)).toEqual([0, 0]);
    expect(Array.from(mean(x, { dim: 1 }).data)).toEqual([NaN, NaN]);
    expect(Array.from(logsumexp(x, { dim: 1 }).data)).toEqual([-Infinity, -Infinity]);
    expect(Array.from(variance(x, { dim: 1 }).data)).toEqual([NaN, NaN]);
    expect(sum(x, { dim: 0 }).shape).toEqual([0]);
  });

  it("var divides by max(0, N - correction): one element gives NaN, N < correction gives Infinity", () => {
    expect(variance(fromNested([[3], [4]]), { dim: 1 }).data[0]).toBeNaN();
    expect(variance(fromNested([[3], [4]]), { dim: 1, correction: 0 }).data[0]).toBe(0);
    expect(variance(fromNested([1, 2]), { correction: 3 }).item()).toBe(Infinity);
    const x = fromNested([[3], [4]], { dtype: "float64", requiresGrad: true });
    variance(x, { dim: 1 }).backward(fromNested([1, 1], f64));
    expect(Array.from(x.grad!.data)).toEqual([NaN, NaN]);
  });

  it("an empty dim list reduces every axis, as PyTorch", () => {
    const x = fromNested([
      [1, 2],
      [3, 4],
    ]);
    const y = sum(x, { dim: [] });
    expect(y.shape).toEqual([]);
    expect(y.item()).toBe(10);
    expect(mean(x, { dim: [], keepdim: true }).shape).toEqual([1, 1]);
  });

  it("a 0-d tensor reduces over dim 0 or -1 to itself; softmax of it is 1", () => {
    const s = tensor([], [2.5], { dtype: "float64", requiresGrad: true });
    expect(sum(s, { dim: 0 }).item()).toBe(2.5);
    expect(amax(s, { dim: -1, keepdim: true }).shape).toEqual([]);
    expect(softmax(s, 0).item()).toBe(1);
    expect(argmax(s).item()).toBe(0);
    mean(s).backward(tensor([], [4], f64));
    expect(s.grad!.item()).toBe(4);
  });
});

describe("kernels", () => {
  it("a non-contiguous set of axes matches reducing one axis at a time", () => {
    const data = Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => Math.sin(i));
    const x = tensor([2, 3, 4, 5], data, f64);
    const direct = sum(x, { dim: [0, 2] });
    const stepwise = sum(sum(x, { dim: 2 }), { dim: 0 });
    expect(direct.shape).toEqual([3, 5]);
    for (let i = 0; i < direct.size; i++) expect(direct.data[i]).toBeCloseTo(stepwise.data[i]!, 12);
    const kept = amax(x, { dim: [3, 1], keepdim: true });
    expect(kept.shape).toEqual([2, 1, 4, 1]);
    const stepMax = amax(amax(x, { dim: 3, keepdim: true }), { dim: 1, keepdim: true });
    expect(Array.from(kept.data)).toEqual(Array.from(stepMax.data));
  });

  it("float32 sums accumulate in float64", () => {
    const n = 1 << 20;
    const x = tensor([n + 1], [1e8, ...new Array<number>(n).fill(1)]);
    expect(sum(x).item()).toBe(Math.fround(1e8 + n));
    expect(mean(tensor([4], [1e8, 1, 1, 2])).item()).toBe(Math.fround((1e8 + 4) / 4));
  });
});
