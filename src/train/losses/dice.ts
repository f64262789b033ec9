import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { SameShapeGuard } from "../../../types/train/losses.js";
import { record } from "../../autograd/graph.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type AnyTensor, checkHyper, checkLike, checkOptions, reductionOf, sigmoid } from "./common.js";

/** dice's options: reduction over the batch and the smoothing term. */
export interface DiceOptions<R extends "mean" | "sum" = "mean" | "sum"> {
  /** Over samples: "mean" (default) or "sum". */
  readonly reduction?: R;
  /** Added to numerator and denominator (default 1, ≥ 0): keeps the loss defined and smooth for empty masks. */
  readonly smooth?: number;
}

/**
 * Soft Dice loss on logits (not a PyTorch function). With `p = σ(logits)` and `t = target` (values in [0, 1]):
 *
 *   per sample s:  L_s = 1 − (2·Σ p·t + smooth) / (Σ p + Σ t + smooth)
 *
 * where the sums run over every element of the sample. Samples: for rank-4 logits `(N, C, H, W)` each of the
 * N leading slices is one sample (channels are pooled); any other rank is a single sample. Reduced over samples
 * by "mean" (default) or "sum" into a `Tensor<[], D>`, recorded on the tape. Exact gradients, with
 * I = Σp·t, P = Σp, T = Σt, den = P + T + smooth, num = 2I + smooth of the sample:
 *   ∂L_s/∂x_i = −(2·t_i·den − num) / den² · p_i(1 − p_i),   ∂L_s/∂t_i = −(2·p_i·den − num) / den².
 */
export function dice<S extends Shape, D extends DType, TS extends Shape = S, DT extends DType = D, R extends "mean" | "sum" = "mean">(
  logits: Tensor<S, D>,
  target: Tensor<TS, DT> & SameShapeGuard<"dice", "target", TS, DT, "logits", S, D>,
  options?: DiceOptions<R>,
): Tensor<[], D> {
  const op = "dice";
  checkOptions(op, options, ["reduction", "smooth"]);
  const reduction = reductionOf(op, options, ["mean", "sum"]);
  const smooth = options?.smooth ?? 1;
  checkHyper(op, "smooth", smooth, (v) => v >= 0, "a number ≥ 0");
  const t = target as AnyTensor;
  checkLike(op, "target", t, "logits", logits);
  const shape: readonly number[] = logits.shape;
  const x = logits.data;
  const q = t.data;
  const samples = shape.length === 4 ? shape[0]! : 1;
  const per = samples === 0 ? 0 : x.length / samples;
  const scale = reduction === "mean" ? 1 / samples : 1;
  // Per sample: numerator and denominator, kept for the backward.
  const num = new Float64Array(samples);
  const den = new Float64Array(samples);
  let total = 0;
  for (let s = 0; s < samples; s++) {
    const off = s * per;
    let inter = 0;
    let sumP = 0;
    let sumT = 0;
    for (let i = 0; i < per; i++) {
      const pi = sigmoid(x[off + i]!);
      const ti = q[off + i]!;
      inter += pi * ti;
      sumP += pi;
      sumT += ti;
    }
    num[s] = 2 * inter + smooth;
    den[s] = sumP + sumT + smooth;
    total += 1 - num[s]! / den[s]!;
  }
  const out = allocate(logits.dtype, 1);
  out[0] = total * scale;
  return record(op, Tensor.wrap([] as [], logits.dtype, out), [logits, t], (gy, needsGrad) => {
    const g = gy.data[0]! * scale;
    const dx = needsGrad[0] ? allocate(logits.dtype, x.length) : null;
    const dt = needsGrad[1] ? allocate(logits.dtype, x.length) : null;
    for (let s = 0; s < samples; s++) {
      const off = s * per;
      const nu = num[s]!;
      const de = den[s]!;
      const k = g / (de * de);
      for (let i = 0; i < per; i++) {
        const pi = sigmoid(x[off + i]!);
        if (dx !== null) dx[off + i] = -(2 * q[off + i]! * de - nu) * k * pi * (1 - pi);
        if (dt !== null) dt[off + i] = -(2 * pi * de - nu) * k;
      }
    }
    return [dx === null ? null : Tensor.wrap(logits.shape, logits.dtype, dx), dt === null ? null : Tensor.wrap(logits.shape, logits.dtype, dt)];
  });
}
