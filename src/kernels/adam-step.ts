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
 * One Adam update in place: p ← p·keep; g ← grad + l2·p; m ← beta1·m + c1·g; v ← beta2·v + c2·g·g;
 * p ← p − stepScaled·m / (√v + epsScaled). In the parameter's precision: float32 parameters in float32 arithmetic
 * (as PyTorch's own float32 Adam, though its operations come in another order), float64 ones in float64. The
 * reference loop; a backend's `adamStep` gives the same bits for float32.
 */
export function adamStep(p: FloatArray, grad: ArrayLike<number>, m: FloatArray, v: FloatArray, k: AdamStepConstants): void {
  if (p instanceof Float32Array) {
    adamStepF32(p, grad, m, v, k);
    return;
  }
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

/**
 * adamStep in float32 arithmetic, the constants rounded to float32 first, each operation rounded once and in this
 * order, no fused multiply-add: Math.fround of an operation on float32 values computed in float64 is that operation's
 * float32 result (float64 has more than twice float32's precision), so WebAssembly's f32x4 lanes give the same bits.
 */
function adamStepF32(p: Float32Array, grad: ArrayLike<number>, m: FloatArray, v: FloatArray, k: AdamStepConstants): void {
  const f = Math.fround;
  const keep = f(k.keep);
  const l2 = f(k.l2);
  const beta1 = f(k.beta1);
  const c1 = f(k.c1);
  const beta2 = f(k.beta2);
  const c2 = f(k.c2);
  const stepScaled = f(k.stepScaled);
  const epsScaled = f(k.epsScaled);
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const pi = f(p[i]! * keep);
    const gi = f(grad[i]! + f(l2 * pi));
    const mi = f(f(beta1 * m[i]!) + f(c1 * gi));
    const vi = f(f(beta2 * v[i]!) + f(f(c2 * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    p[i] = pi - f(f(stepScaled * mi) / f(f(Math.sqrt(vi)) + epsScaled));
  }
}
