/**
 * packedSelfAttention (MultiheadAttention's self-attention path: heads read where they lie in the packed (B, T, 3E)
 * projection) against the same attention written with the public ops: split q, k, v, move the heads to their own
 * axis, scaledDotProductAttention, move them back. Output and the gradients of the projection and of the mask, on
 * every backend, float64 and float32.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../../src/backend.js";
import { scaledDotProductAttention } from "../../../src/ops/linalg/attention.js";
import { packedSelfAttention } from "../../../src/ops/linalg/packed-attention.js";
import { narrow } from "../../../src/ops/shape/narrow.js";
import { reshape } from "../../../src/ops/shape/reshape.js";
import { transpose } from "../../../src/ops/shape/transpose.js";
import { ShapeError } from "../../../src/errors.js";
import { randn, type Tensor } from "../../../src/tensor/tensor.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { backendsUnderTest } from "../../helpers/backends.js";
import { dyn, expectThrows } from "../../helpers/mistakes.js";

type AnyTensor = Tensor<Shape, DType>;

/** The same attention in the public ops: (B, T, 3E) split, heads to axis 1, SDPA, heads back to (B, T, E). */
function written(qkv: AnyTensor, heads: number, mask: AnyTensor | null, scale: number): AnyTensor {
  const [b, t, e3] = qkv.shape as [number, number, number];
  const e = e3 / 3;
  const part = (i: number): AnyTensor => transpose(reshape(narrow(qkv, 2, i * e, e), [b, t, heads, e / heads]), 1, 2) as AnyTensor;
  const context = scaledDotProductAttention(part(0), part(1), part(2), { attnMask: mask, scale }) as AnyTensor;
  return reshape(transpose(context, 1, 2), [b, t, e]) as AnyTensor;
}

function attend(
  f: (qkv: AnyTensor, heads: number, mask: AnyTensor | null, scale: number) => AnyTensor,
  dtype: DType,
  shape: number[],
  heads: number,
  maskShape: number[] | null,
): Float64Array[] {
  const qkv = randn(shape, { seed: 1, dtype, requiresGrad: true }) as AnyTensor;
  const mask = maskShape === null ? null : (randn(maskShape, { seed: 2, dtype, requiresGrad: true }) as AnyTensor);
  const y = f(qkv, heads, mask, 0.3);
  y.backward(randn(y.shape as number[], { seed: 3, dtype }) as AnyTensor);
  return [y.data, qkv.grad!.data, ...(mask === null ? [] : [mask.grad!.data])].map((d) => Float64Array.from(d));
}

const cases: { name: string; shape: number[]; heads: number; mask: number[] | null }[] = [
  { name: "2 heads", shape: [2, 5, 12], heads: 2, mask: null },
  { name: "4 heads, a (T, T) mask", shape: [3, 6, 24], heads: 4, mask: [6, 6] },
  { name: "one head, a (B, 1, 1, T) mask", shape: [2, 7, 9], heads: 1, mask: [2, 1, 1, 7] },
  { name: "a transformer's head width", shape: [2, 17, 3 * 2 * 32], heads: 2, mask: [2, 2, 17, 17] },
];

for (const entry of backendsUnderTest) {
  describe(`packedSelfAttention is the written-out attention [${entry.name}]`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    for (const c of cases) {
      for (const dtype of ["float64", "float32"] as const) {
        it(`${c.name}, ${dtype}`, async () => {
          useBackend(await entry.create());
          const got = attend(packedSelfAttention, dtype, c.shape, c.heads, c.mask);
          const want = attend(written, "float64", c.shape, c.heads, c.mask);
          const tol = dtype === "float64" ? 1e-12 : 1e-5;
          expect(got.length).toBe(want.length);
          for (const [k, w] of want.entries()) {
            for (let i = 0; i < w.length; i++) expect(Math.abs(got[k]![i]! - w[i]!), `${k} [${i}]`).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]!)));
          }
        });
      }
    }
  });
}

describe("packedSelfAttention checks what it is given", () => {
  it("a projection that is not (B, T, 3·E) with E divisible by the heads, a mask that does not broadcast", () => {
    expectThrows(
      () => packedSelfAttention(dyn([2, 5, 12]), 3, null, 1),
      ShapeError,
      "MultiheadAttention: the packed projection must be (B, T, 3·E) with E divisible by 3 heads, got [2, 5, 12]",
    );
    expectThrows(
      () => packedSelfAttention(dyn([2, 5, 12]), 2, dyn([3, 2, 2, 5, 5]), 1),
      ShapeError,
      "MultiheadAttention: the mask must broadcast to the scores' shape [2, 2, 5, 5], got [3, 2, 2, 5, 5]",
    );
  });
});
