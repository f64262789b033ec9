/**
 * Central finite differences in float64 against the tape: for a random gy, every element of every input's `.grad`
 * after `f().backward(gy)` must be d(sum(f() * gy)) / d(input element), estimated as (L(v + h) - L(v - h)) / 2h.
 */
import { expect } from "vitest";
import { noGrad } from "../../../src/autograd/grad-mode.js";
import { randn, type Tensor } from "../../../src/tensor/tensor.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";

type AnyTensor = Tensor<Shape, DType>;

/** A float64 leaf of random values (requires grad unless `requiresGrad` is false). */
export function leaf(shape: number[], seed: number, requiresGrad = true): Tensor<number[], "float64"> {
  return randn(shape, { seed, dtype: "float64", requiresGrad });
}

/**
 * `zeroGrad(k, i)` marks elements whose gradient is 0 by definition rather than by calculus (embedding's
 * paddingIdx row): those must be exactly 0 instead of the numeric derivative.
 */
export function checkGradients(
  label: string,
  f: () => AnyTensor,
  inputs: readonly AnyTensor[],
  seed: number,
  zeroGrad: (k: number, i: number) => boolean = () => false,
  h = 1e-6,
): void {
  const y = f();
  const gy = randn([...y.shape], { seed, dtype: "float64" });
  y.backward(gy);
  const loss = (): number =>
    noGrad(() => {
      const out = f().data;
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i]! * gy.data[i]!;
      return s;
    });
  inputs.forEach((t, k) => {
    const grad = t.grad;
    expect(grad, `${label}: input ${k} has a gradient`).not.toBeNull();
    expect(grad!.shape).toEqual(t.shape);
    const values = t.data;
    for (let i = 0; i < values.length; i++) {
      if (zeroGrad(k, i)) {
        expect(grad!.data[i], `${label}: input ${k}[${i}] has gradient 0 by definition`).toBe(0);
        continue;
      }
      const keep = values[i]!;
      values[i] = keep + h;
      const up = loss();
      values[i] = keep - h;
      const down = loss();
      values[i] = keep;
      const numeric = (up - down) / (2 * h);
      const analytic = grad!.data[i]!;
      expect(Math.abs(numeric - analytic), `${label}: input ${k}[${i}]: numeric ${numeric} vs ${analytic}`).toBeLessThan(
        1e-6 + 1e-5 * Math.abs(numeric),
      );
    }
  });
}
