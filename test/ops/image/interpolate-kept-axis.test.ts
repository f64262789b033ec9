/**
 * Bilinear interpolate with a scaleFactor that keeps an axis's size (floor(n * s) = n for s != 1, e.g. 3 * 1.3)
 * copies along that axis, as PyTorch's linear source index does ("output_size == input_size: simply copy"; nearest
 * does too). No reference numbers needed: the result is x itself, and the same resize with scale 1 on that axis.
 */
import { describe, expect, it } from "vitest";
import { interpolate } from "../../../src/ops/image/interpolate.js";
import { randn } from "../../../src/tensor/tensor.js";

describe("interpolate bilinear: an axis whose size the scale factor keeps is copied", () => {
  it("scaleFactor 1.3 on 3x3 (output 3x3) gives x, and its gradient is gy", () => {
    const x = randn([1, 2, 3, 3], { seed: 1, dtype: "float64", requiresGrad: true });
    const y = interpolate(x, { scaleFactor: 1.3, mode: "bilinear", alignCorners: false });
    expect(y.shape).toEqual([1, 2, 3, 3]);
    expect(Array.from(y.data)).toEqual(Array.from(x.data));
    const gy = randn([1, 2, 3, 3], { seed: 2, dtype: "float64" });
    y.backward(gy);
    expect(Array.from(x.grad!.data)).toEqual(Array.from(gy.data));
  });

  it("scaleFactor [1.3, 2] on 3x4: H keeps its size, so it reads as with scale [1, 2]", () => {
    const x = randn([2, 1, 3, 4], { seed: 3, dtype: "float64" });
    const kept = interpolate(x, { scaleFactor: [1.3, 2], mode: "bilinear" });
    const unit = interpolate(x, { scaleFactor: [1, 2], mode: "bilinear" });
    expect(kept.shape).toEqual(unit.shape);
    expect(Array.from(kept.data)).toEqual(Array.from(unit.data));
  });
});
