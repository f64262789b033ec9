import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { SameShapeCheck } from "../../../types/train/same-shape.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { type LossOptions, type LossResult, checkSameShape, reductionOf, sigmoid } from "./common.js";

export interface DiceOptions extends LossOptions {
  /** Added to numerator and denominator (default 1): keeps the loss defined and smooth for empty masks. */
  readonly smooth?: number;
}

/**
 * Soft Dice loss on logits. With `p = σ(logits)` and `t = target` (values in [0, 1]):
 *
 *   per sample s:  L_s = 1 − (2·Σ p·t + smooth) / (Σ p + Σ t + smooth)
 *
 * where the sums run over every element of the sample. Samples: for rank-4 logits `(N, C, H, W)` each of the
 * N leading slices is one sample (channels are pooled); any other rank is a single sample.
 * Reduction over samples: "mean" (default) or "sum". The gradient is exact:
 *   ∂L_s/∂x_i = −(2·t_i·(P + T + smooth) − (2I + smooth)) / (P + T + smooth)² · p_i(1 − p_i)
 * with I = Σp·t, P = Σp, T = Σt of that sample (then divided by N for "mean").
 */
export function dice<S extends Shape, D extends DType, TS extends Shape = S>(logits: Tensor<S, D>, target: OrMessage<Tensor<TS, NoInfer<D>>, SameShapeCheck<"dice", "target", TS, "logits", S>>, options?: DiceOptions): LossResult<S, D> {
  const reduction = reductionOf("dice", options);
  const targetTensor = target as Tensor<Shape, D>; // the guard's message branch never reaches run time
  checkSameShape("dice", "target", targetTensor.shape, "logits", logits.shape);
  const smooth = options?.smooth ?? 1;
  const shape: readonly number[] = logits.shape;
  const x = logits.data;
  const t = targetTensor.data;
  const samples = shape.length === 4 ? shape[0]! : 1;
  const per = samples === 0 ? 0 : x.length / samples;
  const scale = reduction === "mean" ? 1 / samples : 1;
  const grad = allocate(logits.dtype, x.length);
  const p = new Float64Array(per);
  let total = 0;
  for (let s = 0; s < samples; s++) {
    const off = s * per;
    let inter = 0;
    let sumP = 0;
    let sumT = 0;
    for (let i = 0; i < per; i++) {
      const pi = sigmoid(x[off + i]!);
      const ti = t[off + i]!;
      p[i] = pi;
      inter += pi * ti;
      sumP += pi;
      sumT += ti;
    }
    const num = 2 * inter + smooth;
    const den = sumP + sumT + smooth;
    total += 1 - num / den;
    const den2 = den * den;
    for (let i = 0; i < per; i++) {
      const pi = p[i]!;
      const dLdp = -(2 * t[off + i]! * den - num) / den2;
      grad[off + i] = dLdp * pi * (1 - pi) * scale;
    }
  }
  return { loss: total * scale, grad: Tensor.wrap(logits.shape, logits.dtype, grad) };
}
