/**
 * Central finite differences in float64 against the tape: for a function of some leaf tensors, `backward(gy)` with
 * a random gy must give, for every element of every leaf, d(Σ f(x)·gy)/dx within a tolerance of
 * (L(x + h) − L(x − h)) / 2h.
 */
import { expect } from "vitest";
import { randn, Tensor } from "../../../src/tensor/tensor.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";

export type AnyTensor = Tensor<Shape, DType>;

/** A float64 leaf of this shape from randn, then mapped elementwise (e.g. to keep log's input positive). */
export function leaf(shape: number[], seed: number, map: (v: number) => number = (v) => v): AnyTensor {
  const t = randn(shape, { seed, dtype: "float64" });
  const data = Float64Array.from(t.data, map);
  return Tensor.wrap(shape, "float64", data).requireGrad();
}

/** Same data as `t`, a fresh leaf that records nothing. */
function plain(t: AnyTensor, data: Float64Array): AnyTensor {
  return Tensor.wrap(t.shape, "float64", data);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export interface GradCheckOptions {
  readonly h?: number;
  readonly atol?: number;
  readonly rtol?: number;
  readonly gySeed?: number;
}

/**
 * Runs f on the leaves, back-propagates a random gy of the output's shape, and compares each leaf's `.grad` (which
 * must have the leaf's shape: broadcast axes summed) with central differences of Σ f·gy.
 */
export function expectGradients(f: (inputs: AnyTensor[]) => AnyTensor, leaves: AnyTensor[], options: GradCheckOptions = {}): void {
  const h = options.h ?? 1e-6;
  const atol = options.atol ?? 1e-7;
  const rtol = options.rtol ?? 1e-6;
  const y = f(leaves);
  expect(y.dtype).toBe("float64");
  const gy = randn(y.shape as number[], { seed: options.gySeed ?? 12345, dtype: "float64" });
  y.backward(gy);
  const base = leaves.map((t) => plain(t, Float64Array.from(t.data)));
  for (let k = 0; k < leaves.length; k++) {
    const t = leaves[k]!;
    const grad = t.grad;
    expect(grad, `input ${k} has a gradient`).not.toBeNull();
    expect(grad!.shape, `input ${k}: gradient shape`).toEqual(t.shape);
    for (let i = 0; i < t.size; i++) {
      const at = (delta: number): number => {
        const data = Float64Array.from(t.data);
        data[i] = data[i]! + delta;
        const inputs = base.slice();
        inputs[k] = plain(t, data);
        return dot(f(inputs).data, gy.data);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      const analytic = grad!.data[i]!;
      const tolerance = atol + rtol * Math.abs(numeric);
      if (!(Math.abs(analytic - numeric) <= tolerance)) {
        expect.fail(`input ${k} element ${i}: tape ${analytic}, finite differences ${numeric}`);
      }
    }
  }
}
