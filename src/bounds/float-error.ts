import type { DType } from "../../types/tensor/shape.js";

/**
 * Unit roundoff of the forward's dtype, raised a hair for float32: the JS kernels compute in float64 and store
 * float32, and a float64 rounding followed by a float32 one is within 2⁻²⁴(1 + 2⁻²⁹) of the exact value.
 */
export function unitRoundoff(dtype: DType): number {
  return dtype === "float32" ? 2 ** -24 * (1 + 2 ** -20) : 2 ** -53 * (1 + 2 ** -20);
}

/** The smallest positive subnormal of the dtype: the absolute error of an underflowing product is below it. */
export function underflowUnit(dtype: DType): number {
  return dtype === "float32" ? 2 ** -149 : Number.MIN_VALUE;
}

/** The largest finite value of the dtype: a float result beyond it is ±Infinity. */
export function largestFinite(dtype: DType): number {
  return dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
}

/** γ_k = k·u / (1 − k·u) (Higham): |fl(Σ of k rounded operations) − exact| ≤ γ_k · Σ|terms|. */
export function gamma(k: number, u: number): number {
  const ku = k * u;
  if (ku >= 0.5) throw new RangeError(`gamma: ${k} rounded operations are too many for unit roundoff ${u}`);
  return ku / (1 - ku);
}

/**
 * The engine computes its bounds in float64: every dot product it forms (length below 2²³) is off by at most
 * SLACK times the sum of its terms' magnitudes, and each op's error term adds SLACK times its magnitudes.
 */
export const SLACK = 2 ** -30;

/** One step outward, at least one float64 ulp: the bound stays a bound after the rounding of the last operation. */
export function down(x: number): number {
  return x - (Math.abs(x) * 2 ** -52 + Number.MIN_VALUE);
}
export function up(x: number): number {
  return x + (Math.abs(x) * 2 ** -52 + Number.MIN_VALUE);
}
