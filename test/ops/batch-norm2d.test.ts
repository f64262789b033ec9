import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { batchNorm2d, batchNorm2dBackward, batchNorm2dStateDict, createBatchNorm2d, type BatchNorm2dState } from "../../src/ops/batch-norm2d.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";
import type { Shape } from "../../types/tensor/shape.js";

type F64 = Tensor<Shape, "float64">;

/** Direct float64 reference, written from the definition (PyTorch's BatchNorm2d docs), element by element. */
function reference(x: F64, gamma: ArrayLike<number>, beta: ArrayLike<number>, mean: number[] | null, variance: number[] | null, eps: number) {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const m = n * h * w;
  const batchMean: number[] = [];
  const batchVar: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    const values: number[] = [];
    for (let b = 0; b < n; b++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) values.push(x.at(b, ch, i, j));
    const mu = values.reduce((a, v) => a + v, 0) / m;
    batchMean.push(mu);
    batchVar.push(values.reduce((a, v) => a + (v - mu) ** 2, 0) / m);
  }
  const useMean = mean ?? batchMean;
  const useVar = variance ?? batchVar;
  const y = new Float64Array(x.size);
  let k = 0;
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < h * w; i++, k++) y[k] = ((x.data[k]! - useMean[ch]!) / Math.sqrt(useVar[ch]! + eps)) * gamma[ch]! + beta[ch]!;
  return { y, batchMean, batchVar, m };
}

function randomize(state: BatchNorm2dState<number, "float64">, seed: number): void {
  const r = randn([4, state.numFeatures], { seed, dtype: "float64" });
  for (let ch = 0; ch < state.numFeatures; ch++) {
    state.weight.data[ch] = 1 + 0.5 * r.at(0, ch);
    state.bias.data[ch] = r.at(1, ch);
    state.runningMean.data[ch] = 0.3 * r.at(2, ch);
    state.runningVar.data[ch] = 0.5 + Math.abs(r.at(3, ch));
  }
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

describe("batchNorm2d forward (PyTorch BatchNorm2d semantics)", () => {
  it("training: batch statistics with biased variance; running stats with momentum 0.1 and unbiased variance", () => {
    const state = createBatchNorm2d(3, { dtype: "float64" });
    randomize(state, 7);
    const before = { mean: Array.from(state.runningMean.data), variance: Array.from(state.runningVar.data) };
    const x = randn([2, 3, 4, 5], { seed: 1, dtype: "float64", std: 2 });
    const { output } = batchNorm2d(x, state, { training: true });
    const ref = reference(x, state.weight.data, state.bias.data, null, null, 1e-5);
    for (let i = 0; i < x.size; i++) expect(output.data[i]).toBeCloseTo(ref.y[i]!, 12);
    for (let ch = 0; ch < 3; ch++) {
      expect(state.runningMean.data[ch]).toBeCloseTo(0.9 * before.mean[ch]! + 0.1 * ref.batchMean[ch]!, 12);
      expect(state.runningVar.data[ch]).toBeCloseTo(0.9 * before.variance[ch]! + (0.1 * ref.batchVar[ch]! * ref.m) / (ref.m - 1), 12);
    }
    expect(state.numBatchesTracked.data[0]).toBe(1);
    batchNorm2d(x, state, { training: true });
    expect(state.numBatchesTracked.data[0]).toBe(2);
  });

  it("eval: running statistics, nothing updated", () => {
    const state = createBatchNorm2d(2, { dtype: "float64" });
    randomize(state, 3);
    const x = randn([3, 2, 3, 3], { seed: 2, dtype: "float64" });
    const rm = Array.from(state.runningMean.data);
    const { output } = batchNorm2d(x, state, { training: false });
    const ref = reference(x, state.weight.data, state.bias.data, rm, Array.from(state.runningVar.data), 1e-5);
    for (let i = 0; i < x.size; i++) expect(output.data[i]).toBeCloseTo(ref.y[i]!, 12);
    expect(Array.from(state.runningMean.data)).toEqual(rm);
    expect(state.numBatchesTracked.data[0]).toBe(0);
  });

  it("training without updating the running statistics (a recomputed forward)", () => {
    const state = createBatchNorm2d(2, { dtype: "float64" });
    randomize(state, 5);
    const rm = Array.from(state.runningMean.data);
    const rv = Array.from(state.runningVar.data);
    const x = randn([2, 2, 3, 3], { seed: 6, dtype: "float64" });
    const kept = batchNorm2d(x, state, { training: true, updateRunningStats: false }).output;
    expect(Array.from(state.runningMean.data)).toEqual(rm);
    expect(Array.from(state.runningVar.data)).toEqual(rv);
    expect(state.numBatchesTracked.data[0]).toBe(0);
    expect(Array.from(kept.data)).toEqual(Array.from(batchNorm2d(x, state, { training: true }).output.data));
  });

  it("momentum null is the cumulative average; (C, H, W) is a batch of one", () => {
    const state = createBatchNorm2d(1, { dtype: "float64", momentum: null });
    const a = randn([1, 4, 4], { seed: 4, dtype: "float64" });
    const b = randn([1, 4, 4], { seed: 5, dtype: "float64" });
    const meanOf = (t: F64): number => t.data.reduce((s, v) => s + v, 0) / t.size;
    batchNorm2d(a, state, { training: true });
    batchNorm2d(b, state, { training: true });
    expect(state.runningMean.data[0]).toBeCloseTo((meanOf(a) + meanOf(b)) / 2, 12);
  });

  it("initial state and PyTorch names", () => {
    const state = createBatchNorm2d(2);
    const dict = batchNorm2dStateDict("bn.", state);
    expect(Object.keys(dict)).toEqual(["bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"]);
    expect(Array.from(dict["bn.weight"]!.data)).toEqual([1, 1]);
    expect(Array.from(dict["bn.bias"]!.data)).toEqual([0, 0]);
    expect(Array.from(dict["bn.running_var"]!.data)).toEqual([1, 1]);
    expect(dict["bn.num_batches_tracked"]!.shape).toEqual([]);
  });

  it("clear errors: channel mismatch, one value per channel in training", () => {
    const state = createBatchNorm2d(3) as BatchNorm2dState<number, "float32">;
    expect(() => batchNorm2d(randn([2, 4, 2, 2], { seed: 1 }) as Tensor<Shape, "float32">, state, { training: false })).toThrow(
      new ShapeError("batchNorm2d: x's channel axis and num_features must match: 4 vs 3"),
    );
    expect(() => batchNorm2d(randn([1, 3, 1, 1], { seed: 1 }) as Tensor<Shape, "float32">, state, { training: true })).toThrow(
      "batchNorm2d: expected more than 1 value per channel when training, got input shape [1, 3, 1, 1]",
    );
  });
});

describe("batchNorm2d backward: finite differences in float64", () => {
  for (const training of [true, false]) {
    it(`${training ? "training" : "eval"} mode: dx, dWeight, dBias`, () => {
      const state = createBatchNorm2d(3, { dtype: "float64" });
      randomize(state, 11);
      const x = randn([2, 3, 3, 2], { seed: 8, dtype: "float64" });
      const g = randn([2, 3, 3, 2], { seed: 9, dtype: "float64" });
      const loss = (): number => dot(batchNorm2d(x, state, { training }).output.data, g.data);
      const { saved } = batchNorm2d(x, state, { training });
      const grads = batchNorm2dBackward(g, saved);
      const h = 1e-6;
      const check = (values: Float64Array, analytic: ArrayLike<number>, label: string): void => {
        for (let i = 0; i < values.length; i++) {
          const keep = values[i]!;
          values[i] = keep + h;
          const up = loss();
          values[i] = keep - h;
          const down = loss();
          values[i] = keep;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(numeric - analytic[i]!), `${label}[${i}]: numeric ${numeric} vs ${analytic[i]}`).toBeLessThan(
            1e-6 + 1e-6 * Math.abs(numeric),
          );
        }
      };
      check(x.data, grads.dx.data, "dx");
      check(state.weight.data, grads.dWeight.data, "dWeight");
      check(state.bias.data, grads.dBias.data, "dBias");
      if (training) {
        // The batch mean is subtracted: dx sums to zero per channel.
        for (let ch = 0; ch < 3; ch++) {
          let s = 0;
          for (let b = 0; b < 2; b++) for (let i = 0; i < 6; i++) s += grads.dx.data[(b * 3 + ch) * 6 + i]!;
          expect(Math.abs(s)).toBeLessThan(1e-12);
        }
      }
    });
  }
});
