import { describe, expect, it } from "vitest";
import { embedding } from "../../../src/ops/norm/embedding.js";
import { groupNorm } from "../../../src/ops/norm/group-norm.js";
import { layerNorm } from "../../../src/ops/norm/layer-norm.js";
import { tensor } from "../../../src/tensor/tensor.js";
import { checkGradients, leaf } from "../image/finite-diff.js";

describe("layerNorm backward: finite differences in float64", () => {
  it("over the last two axes, with weight and bias", () => {
    const x = leaf([2, 3, 4], 1);
    const w = leaf([3, 4], 2);
    const b = leaf([3, 4], 3);
    checkGradients("layerNorm", () => layerNorm(x, [3, 4], w, b), [x, w, b], 4);
  });
  it("over the last axis, weight only, eps 0.1", () => {
    const x = leaf([5, 6], 5);
    const w = leaf([6], 6);
    checkGradients("layerNorm", () => layerNorm(x, [6], w, null, { eps: 0.1 }), [x, w], 7);
  });
  it("without affine parameters", () => {
    const x = leaf([2, 3, 5], 8);
    checkGradients("layerNorm", () => layerNorm(x, [5]), [x], 9);
  });
});

describe("groupNorm backward: finite differences in float64", () => {
  const cases: [number[], number, boolean][] = [
    [[2, 6, 3, 3], 3, true],
    [[2, 4, 5], 1, true],
    [[3, 4, 2, 2], 4, true],
    [[2, 4, 3, 3], 2, false],
    [[2, 6], 2, true],
  ];
  cases.forEach(([shape, groups, affine], k) => {
    it(`x [${shape.join(", ")}], ${groups} groups${affine ? ", weight and bias" : ""}`, () => {
      const x = leaf(shape, 20 + k);
      const w = leaf([shape[1]!], 30 + k);
      const b = leaf([shape[1]!], 40 + k);
      if (affine) checkGradients("groupNorm", () => groupNorm(x, groups, w, b, { eps: 1e-3 }), [x, w, b], 50 + k);
      else checkGradients("groupNorm", () => groupNorm(x, groups), [x], 50 + k);
    });
  });
});

describe("embedding backward: finite differences in float64", () => {
  it("repeated indices accumulate; no gradient to indices", () => {
    const w = leaf([5, 3], 60);
    const indices = tensor([2, 3, 2], [0, 4, 4, 1, 2, 0, 4, 3, 1, 1, 0, 2], { dtype: "float64", requiresGrad: true });
    checkGradients("embedding", () => embedding(w, indices), [w], 61);
    expect(indices.grad).toBeNull();
  });
  it("the paddingIdx row (negative: from the end) is read as stored and gets no gradient", () => {
    const w = leaf([5, 3], 62);
    const indices = tensor([4], [4, 1, 4, 2], { dtype: "float64" });
    const y = embedding(w, indices, { paddingIdx: -1 });
    expect(Array.from(y.data.subarray(0, 3))).toEqual(Array.from(w.data.subarray(12, 15)));
    // Row 4 (paddingIdx -1) is read twice, yet its gradient is 0; every other row gets the numeric derivative.
    checkGradients(
      "embedding",
      () => embedding(w, indices, { paddingIdx: -1 }),
      [w],
      63,
      (_, i) => Math.floor(i / 3) === 4,
    );
  });
});
