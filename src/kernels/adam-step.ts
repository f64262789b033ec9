import type { FloatArray } from "./geometry.js";

/** The per-step constants of one Adam update (src/train/optimizers/adam.ts derives them from the hyperparameters). */
export interface AdamStepConstants {
  /** 1 − lr·weightDecay for AdamW's decoupled decay, else 1. */
  readonly keep: number;
  /** weightDecay for Adam's L2 penalty, else 0. */
  readonly l2: number;
  readonly beta1: number;
  /** 1 − beta1. */
  readonly c1: number;
  readonly beta2: number;
  /** 1 − beta2. */
  readonly c2: number;
  /** lr / (1 − beta1ᵗ) · √(1 − beta2ᵗ). */
  readonly stepScaled: number;
  /** eps · √(1 − beta2ᵗ). */
  readonly epsScaled: number;
}

/**
 * One Adam update in place, per element in float64 with each moment rounded to the arrays' type as it is stored:
 * p ← p·keep; g ← grad + l2·p; m ← beta1·m + c1·g; v ← beta2·v + c2·g·g; p ← p − stepScaled·m / (√v + epsScaled).
 * The reference loop; a backend's `adamStep` gives the same bits for float32.
 */
export function adamStep(p: FloatArray, grad: ArrayLike<number>, m: FloatArray, v: FloatArray, k: AdamStepConstants): void {
  const { keep, l2, beta1, c1, beta2, c2, stepScaled, epsScaled } = k;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const pi = p[i]! * keep;
    const gi = grad[i]! + l2 * pi;
    m[i] = beta1 * m[i]! + c1 * gi;
    v[i] = beta2 * v[i]! + c2 * gi * gi;
    p[i] = pi - (stepScaled * m[i]!) / (Math.sqrt(v[i]!) + epsScaled);
  }
}
