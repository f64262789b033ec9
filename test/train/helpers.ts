import type { DType } from "../../types/tensor/shape.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import { createRng } from "../../src/random.js";
import type { GoldenTensor } from "../helpers/golden.js";

/** A golden tensor as a Tensor of runtime shape, in the given dtype. */
export function fromGolden<D extends DType>(g: GoldenTensor, dtype: D): Tensor<number[], D> {
  return tensor<number[], D>(g.shape, g.data, { dtype });
}

/** Uniform values in [lo, hi) from a seeded generator. */
export function uniform<D extends DType>(shape: number[], seed: number, lo: number, hi: number, dtype: D): Tensor<number[], D> {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor<number[], D>(
    shape,
    Array.from({ length: size }, () => rng.uniformIn(lo, hi)),
    { dtype },
  );
}

/**
 * Central finite differences of `f` at `x` (float64), compared elementwise with `grad`:
 * |fd − grad| ≤ tol·(1 + |fd|). `x` is perturbed in place and restored.
 */
export function finiteDifferenceError(f: () => number, x: Float64Array, grad: ArrayLike<number>, h = 1e-6): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i]!;
    x[i] = x0 + h;
    const up = f();
    x[i] = x0 - h;
    const down = f();
    x[i] = x0;
    const fd = (up - down) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - grad[i]!) / (1 + Math.abs(fd)));
  }
  return worst;
}
