import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { centerCrop, centerCropBackward, cropMargin } from "../../src/ops/center-crop.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";
import type { Shape } from "../../types/tensor/shape.js";

describe("centerCrop", () => {
  it("takes the middle rows and columns of every plane, batched or not", () => {
    const x = randn([2, 3, 7, 6], { seed: 1, dtype: "float64" });
    const y = centerCrop(x, [3, 2]);
    expect(y.shape).toEqual([2, 3, 3, 2]);
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 3; c++) for (let h = 0; h < 3; h++) for (let w = 0; w < 2; w++) expect(y.at(n, c, h, w)).toBe(x.at(n, c, h + 2, w + 2));
    const single = randn([2, 5, 5], { seed: 2 });
    expect(Array.from(centerCrop(single, [5, 5]).data)).toEqual(Array.from(single.data));
    expect(centerCrop(single, [1, 3]).at(1, 0, 2)).toBe(single.at(1, 2, 3));
  });

  it("backward zero-pads dy back to the input shape (the adjoint of the crop)", () => {
    const x = randn([2, 8, 6], { seed: 3, dtype: "float64" });
    const dy = randn([2, 4, 2], { seed: 4, dtype: "float64" });
    const dx = centerCropBackward(dy, x, [4, 2]);
    expect(dx.shape).toEqual([2, 8, 6]);
    // <crop(x), dy> = <x, pad(dy)> for every x: the defining property of the vector-Jacobian product.
    const y = centerCrop(x, [4, 2]);
    let lhs = 0;
    for (let i = 0; i < y.size; i++) lhs += y.data[i]! * dy.data[i]!;
    let rhs = 0;
    for (let i = 0; i < x.size; i++) rhs += x.data[i]! * dx.data[i]!;
    expect(rhs).toBeCloseTo(lhs, 12);
    expect(dx.at(1, 2, 2)).toBe(dy.at(1, 0, 0));
    expect(dx.at(1, 1, 2)).toBe(0);
    expect(dx.at(0, 2, 1)).toBe(0);
    let nonZero = 0;
    for (const v of dx.data) if (v !== 0) nonZero++;
    expect(nonZero).toBe(dy.size);
  });

  it("refuses a larger target or an odd difference with the compile-time sentences", () => {
    const x = randn([1, 2, 9, 8], { seed: 5 }) as Tensor<Shape, "float32">;
    const h = 10 as number;
    expect(() => centerCrop(x, [h, 4])).toThrow(new ShapeError("centerCrop: axis H: cannot crop 9 to 10; the target must not be larger"));
    expect(() => centerCrop(x, [5, 5])).toThrow(
      new ShapeError("centerCrop: axis W: cropping 8 to 5 removes 3, an odd amount; a centre crop removes the same from each side"),
    );
    expect(cropMargin("up.0", "H", 64, 56)).toEqual({ margin: 4 });
    expect(() => centerCrop(x, [5, -2 as number])).toThrow("centerCrop: axis W: target size must be a natural number, got -2");
    expect(() => centerCropBackward(randn([1, 2, 3, 3], { seed: 1 }) as Tensor<Shape, "float32">, x, [3, 4])).toThrow(
      "centerCropBackward: axis 3 of dy and of the forward output must match: 3 vs 4",
    );
  });
});
