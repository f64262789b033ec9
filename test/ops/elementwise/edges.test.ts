/**
 * The elementwise ops at PyTorch 2.13's edges, each asserted from the op's definition or from how every other op
 * treats a number operand: a NaN bound in clamp, bounds and exponents in the precision PyTorch uses, and the
 * quotient's gradient where b² alone would underflow.
 */
import { describe, expect, it } from "vitest";
import { clamp, div, maximum, minimum, pow } from "../../../src/ops/elementwise/index.js";
import { tensor } from "../../../src/tensor/tensor.js";

describe("clamp", () => {
  it("a NaN bound makes every element NaN: min(max(x, min), max) with NaN-propagating max and min", () => {
    const x = tensor([3], [-1, 0, 2], { dtype: "float64" });
    // The definition written with shapeproof's own NaN-propagating maximum/minimum.
    const composed = minimum(maximum(x, Number.NaN), 1);
    expect(Array.from(composed.data).every(Number.isNaN)).toBe(true);
    expect(Array.from(clamp(x, { min: Number.NaN, max: 1 }).data).every(Number.isNaN)).toBe(true);
    expect(Array.from(clamp(x, { min: 0, max: Number.NaN }).data).every(Number.isNaN)).toBe(true);
    expect(Array.from(clamp(x, { max: Number.NaN }).data).every(Number.isNaN)).toBe(true);
  });

  it("takes its bounds in x's dtype, as every number operand is: a float32 bound b acts as Math.fround(b)", () => {
    // x sits exactly on the float32 bound (0.1 and 0.7 are not float32 values), so min ≤ x ≤ max holds in x's
    // dtype and the gradient is gy, as for the same clamp written with the rounded bounds.
    const grad = (v: number, options: { min?: number; max?: number }): number => {
      const x = tensor([1], [v], { requiresGrad: true });
      clamp(x, options).backward(tensor([1], [1]));
      return x.grad!.data[0]!;
    };
    expect(grad(0.1, { max: Math.fround(0.1) })).toBe(1);
    expect(grad(0.7, { min: Math.fround(0.7) })).toBe(1);
    expect(grad(0.1, { max: 0.1 })).toBe(grad(0.1, { max: Math.fround(0.1) }));
    expect(grad(0.7, { min: 0.7 })).toBe(grad(0.7, { min: Math.fround(0.7) }));
  });
});

describe("pow with a number exponent", () => {
  it("uses the exponent as given, not rounded to float32 (torch.pow keeps a Python exponent in double)", () => {
    // 1e-50 is a positive non-integer: a negative base gives NaN and 0 gives 0 (its float32 rounding, 0, gives 1).
    const y = pow(tensor([2], [-2, 0]), 1e-50);
    expect(Number.isNaN(y.data[0]!)).toBe(true);
    expect(y.data[1]).toBe(0);
    // The cube root of 2^90 is 2^30, a float32 value; float32(1/3) > 1/3 lands several ulp above it.
    expect(pow(tensor([1], [2 ** 90]), 1 / 3).data[0]).toBe(2 ** 30);
  });
});

describe("div's gradient with respect to b", () => {
  it("is −a/b², finite and accurate where b² alone underflows (float64)", () => {
    for (const [av, bv] of [
      [1e-200, 1e-200],
      [1e-200, 1e-160],
      [1e200, 1e200],
    ] as const) {
      const a = tensor([1], [av], { dtype: "float64" });
      const b = tensor([1], [bv], { dtype: "float64", requiresGrad: true });
      div(a, b).backward(tensor([1], [1], { dtype: "float64" }));
      const expected = -(av / bv) / bv;
      expect(Number.isFinite(expected)).toBe(true);
      const got = b.grad!.data[0]!;
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected));
    }
  });
});
