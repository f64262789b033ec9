import type { Shape } from "../../types/tensor/shape.js";
import { noGrad } from "../../src/autograd/grad-mode.js";
import type { BoundsResult } from "../../src/bounds/index.js";
import { createRng, type Rng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

/**
 * A float32 model for the soundness checks: `forward` takes a batch of inputs along axis 0 (the bounds are
 * computed on `inputShape`, whose axis 0 is 1), each sample computed independently.
 */
export interface BoundsCase {
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly forward: (x: Tensor<Shape, "float32">) => Tensor<Shape, "float32">;
}

/** A box with float32 endpoints: every float32 point between them is an input the claim covers. */
export interface F32Box {
  readonly lower: Float32Array;
  readonly upper: Float32Array;
}

export function boxAround(center: Float32Array, epsilon: number): F32Box {
  const lower = center.map((c) => Math.fround(c - epsilon));
  const upper = center.map((c) => Math.fround(c + epsilon));
  return { lower, upper };
}

export function boxTensors(box: F32Box, shape: readonly number[]): { lower: Tensor<Shape, "float32">; upper: Tensor<Shape, "float32"> } {
  return { lower: Tensor.wrap(shape as Shape, "float32", box.lower), upper: Tensor.wrap(shape as Shape, "float32", box.upper) };
}

const clampF32 = (v: number, l: number, u: number) => Math.min(u, Math.max(l, Math.fround(v)));

/**
 * Float32 points of the box: random corners, uniform samples, and the iterates of `pgdSteps` signed-gradient
 * ascent steps on each output (both directions; as many outputs as fit in the budget), by the autograd.
 */
export function collectPoints(c: BoundsCase, box: F32Box, total: number, seed: number, pgdSteps = 3): Float32Array[] {
  const rng = createRng(seed);
  const n = box.lower.length;
  const points: Float32Array[] = [];
  const outSize = noGrad(() => c.forward(Tensor.wrap(c.inputShape as Shape, "float32", box.lower.slice()))).data.length;
  const uniform = (r: Rng) => box.lower.map((l, i) => clampF32(l + r.uniform() * (box.upper[i]! - l), l, box.upper[i]!));
  // PGD: every output, both signs, while the budget allows half of it
  const targets = Math.min(2 * outSize, Math.floor(total / 2 / (pgdSteps + 1)));
  const order = Array.from({ length: 2 * outSize }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = order.slice(0, targets);
  const batch = 128;
  for (let s = 0; s < chosen.length; s += batch) {
    const part = chosen.slice(s, s + batch);
    let xs = part.map(() => uniform(rng));
    for (const x of xs) points.push(x);
    for (let step = 0; step < pgdSteps; step++) {
      const data = new Float32Array(part.length * n);
      xs.forEach((x, b) => {
        data.set(x, b * n);
      });
      const leaf = Tensor.wrap([part.length, ...c.inputShape.slice(1)] as Shape, "float32", data).requireGrad();
      const y = c.forward(leaf);
      const gy = new Float32Array(y.data.length);
      part.forEach((t, b) => {
        gy[b * outSize + (t >> 1)] = t & 1 ? -1 : 1;
      });
      y.backward(Tensor.wrap(y.shape, "float32", gy));
      const g = leaf.grad!.data;
      xs = xs.map((x, b) =>
        x.map((v, i) => {
          const width = box.upper[i]! - box.lower[i]!;
          const d = g[b * n + i]!;
          return clampF32(v + Math.sign(d) * width * 0.5 ** step, box.lower[i]!, box.upper[i]!);
        }),
      );
      for (const x of xs) points.push(x);
    }
  }
  const corners = Math.floor((total - points.length) / 3);
  for (let k = 0; k < corners; k++) points.push(box.lower.map((l, i) => (rng.uniform() < 0.5 ? l : box.upper[i]!)));
  while (points.length < total) points.push(uniform(rng));
  return points;
}

/** Mean width of a result's bounds. */
export function meanWidth(r: BoundsResult<Shape>): number {
  let s = 0;
  for (let i = 0; i < r.lower.data.length; i++) s += r.upper.data[i]! - r.lower.data[i]!;
  return s / r.lower.data.length;
}
