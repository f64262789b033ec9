/**
 * Gradients of the shape ops against central finite differences in float64: for random x (randn) and a random
 * upstream gradient gy, `.grad` after `y.backward(gy)` must match d/dx sum(f(x) * gy) element by element.
 */
import { describe, expect, it } from "vitest";
import { concat, concatBackward } from "../../../src/ops/concat.js";
import { cat, flatten, narrow, permute, reshape, select, squeeze, stack, transpose, unsqueeze, view } from "../../../src/ops/shape/index.js";
import { randn, type Tensor } from "../../../src/tensor/tensor.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";

type AnyTensor = Tensor<Shape, DType>;

function leaf(shape: number[], seed: number): AnyTensor {
  return randn(shape, { seed, dtype: "float64", requiresGrad: true });
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Checks every input's `.grad` against central differences of sum(f(inputs) * gy). */
function checkGradients(f: (xs: AnyTensor[]) => AnyTensor, shapes: number[][], seed: number): void {
  const xs = shapes.map((s, i) => leaf(s, seed + i));
  const y = f(xs);
  const gy = randn(y.shape as number[], { seed: seed + 100, dtype: "float64" }) as AnyTensor;
  y.backward(gy);
  const eps = 1e-6;
  for (const [i, x] of xs.entries()) {
    expect(x.grad, `input ${i} has a gradient`).not.toBeNull();
    expect(x.grad!.shape).toEqual(x.shape);
    for (let j = 0; j < x.data.length; j++) {
      const keep = x.data[j]!;
      x.data[j] = keep + eps;
      const up = dot(f(xs).data, gy.data);
      x.data[j] = keep - eps;
      const down = dot(f(xs).data, gy.data);
      x.data[j] = keep;
      const numeric = (up - down) / (2 * eps);
      expect(Math.abs(x.grad!.data[j]! - numeric), `input ${i} element ${j}: ${x.grad!.data[j]} vs ${numeric}`).toBeLessThan(
        1e-7 + 1e-7 * Math.abs(numeric),
      );
    }
  }
}

describe("shape ops: gradients match finite differences (float64)", () => {
  it("reshape, with and without -1", () => {
    checkGradients(([x]) => reshape(x!, [4, 6]), [[2, 3, 4]], 1);
    checkGradients(([x]) => reshape(x!, [3, -1, 2]), [[2, 3, 4]], 2);
  });
  it("view", () => checkGradients(([x]) => view(x!, [-1]), [[2, 3, 4]], 3));
  it("flatten", () => {
    checkGradients(([x]) => flatten(x!, 1), [[2, 3, 4]], 4);
    checkGradients(([x]) => flatten(x!, 0, -2), [[2, 3, 4, 2]], 5);
  });
  it("unsqueeze and squeeze", () => {
    checkGradients(([x]) => unsqueeze(x!, -2), [[2, 3]], 6);
    checkGradients(([x]) => squeeze(x!), [[1, 3, 1, 2]], 7);
    checkGradients(([x]) => squeeze(x!, 1), [[2, 1, 3]], 8);
    checkGradients(([x]) => squeeze(x!, 0), [[2, 1, 3]], 9);
  });
  it("transpose", () => {
    checkGradients(([x]) => transpose(x!, 0, 2), [[2, 3, 4]], 10);
    checkGradients(([x]) => transpose(x!, -1, -2), [[3, 2, 4, 5]], 11);
  });
  it("permute", () => {
    checkGradients(([x]) => permute(x!, [2, 0, 1]), [[2, 3, 4]], 12);
    checkGradients(([x]) => permute(x!, [1, 3, 0, 2]), [[2, 3, 2, 4]], 13);
  });
  it("narrow, including a negative start", () => {
    checkGradients(([x]) => narrow(x!, 1, 1, 3), [[2, 5, 3]], 14);
    checkGradients(([x]) => narrow(x!, -1, -3, 2), [[2, 3, 4]], 15);
    checkGradients(([x]) => narrow(x!, 0, 1, 1), [[3, 2]], 16);
  });
  it("select, including negative axes and indices", () => {
    checkGradients(([x]) => select(x!, 1, 2), [[2, 5, 3]], 31);
    checkGradients(([x]) => select(x!, -1, -1), [[2, 3, 4]], 32);
    checkGradients(([x]) => select(x!, 0, 0), [[3, 2]], 33);
    checkGradients(([x]) => select(x!, 0, 1), [[2]], 34);
  });
  it("cat and concat, any axis", () => {
    checkGradients(
      (xs) => cat(xs, 1),
      [
        [2, 2, 3],
        [2, 3, 3],
      ],
      17,
    );
    checkGradients(
      (xs) => cat(xs, -1),
      [
        [2, 1],
        [2, 3],
        [2, 2],
      ],
      18,
    );
    checkGradients(
      (xs) => concat(xs, 0),
      [
        [1, 3],
        [2, 3],
      ],
      19,
    );
  });
  it("stack, new axis first, middle and last", () => {
    checkGradients(
      (xs) => stack(xs, 0),
      [
        [2, 3],
        [2, 3],
      ],
      20,
    );
    checkGradients(
      (xs) => stack(xs, 1),
      [
        [2, 3],
        [2, 3],
        [2, 3],
      ],
      21,
    );
    checkGradients(
      (xs) => stack(xs, -1),
      [
        [2, 3],
        [2, 3],
      ],
      22,
    );
  });
  it("a chain, and one input used twice (gradients add up)", () => {
    checkGradients(([x]) => narrow(reshape(permute(x!, [1, 0, 2]), [3, -1]), 1, 2, 5), [[2, 3, 4]], 23);
    checkGradients(([x]) => stack([x!, transpose(x!, 0, 1)], 0), [[3, 3]], 24);
    checkGradients(
      ([x, y]) => cat([x!, y!, x!], 0),
      [
        [1, 2],
        [2, 2],
      ],
      25,
    );
  });
});

describe("concat on the tape", () => {
  it("concat's gradients are concatBackward's split of gy", () => {
    const a = leaf([2, 2, 3], 30);
    const b = leaf([2, 4, 3], 31);
    const y = concat([a, b], 1);
    expect(y.gradFn?.name).toBe("concat");
    const gy = randn([2, 6, 3], { seed: 32, dtype: "float64" });
    y.backward(gy);
    const [da, db] = concatBackward(gy, [a, b], 1);
    expect(Array.from(a.grad!.data)).toEqual(Array.from(da.data));
    expect(Array.from(b.grad!.data)).toEqual(Array.from(db.data));
  });

  it("only the parts that require grad get one; no input requiring grad records nothing", () => {
    const a = leaf([2, 3], 33);
    const b = randn([1, 3], { seed: 34, dtype: "float64" });
    const y = concat([a, b], 0);
    y.backward(randn([3, 3], { seed: 35, dtype: "float64" }));
    expect(a.grad).not.toBeNull();
    expect(b.grad).toBeNull();
    const plain = cat([randn([2], { seed: 36 }), randn([3], { seed: 37 })], 0);
    expect(plain.gradFn).toBeNull();
  });
});
