import type { DType, Shape } from "../../types/tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkSameShape } from "./losses/common.js";

/** Intersection over union per sample, and their mean. */
export interface IoUResult {
  /** IoU of each sample (rank-4 `(N, C, H, W)` → N samples; any other rank → one). */
  readonly perImage: number[];
  /** Mean of `perImage`. */
  readonly mean: number;
}

/**
 * Binary intersection-over-union of the predicted mask `logits > 0` against `truth > 0.5`.
 * An image where both masks are empty scores 1 (nothing to find, nothing found).
 */
export function binaryIoU<S extends Shape, D extends DType>(logits: Tensor<S, D>, truth: Tensor<S, NoInfer<D>>): IoUResult {
  checkSameShape("binaryIoU", "truth", truth.shape, "logits", logits.shape);
  const shape: readonly number[] = logits.shape;
  const samples = shape.length === 4 ? shape[0]! : 1;
  const per = samples === 0 ? 0 : logits.data.length / samples;
  const perImage: number[] = [];
  for (let s = 0; s < samples; s++) {
    let inter = 0;
    let union = 0;
    for (let i = s * per; i < (s + 1) * per; i++) {
      const p = logits.data[i]! > 0;
      const t = truth.data[i]! > 0.5;
      if (p && t) inter++;
      if (p || t) union++;
    }
    perImage.push(union === 0 ? 1 : inter / union);
  }
  const mean = perImage.length === 0 ? NaN : perImage.reduce((a, b) => a + b, 0) / perImage.length;
  return { perImage, mean };
}

/** Fraction of elements where `logits > 0` agrees with `truth > 0.5`. */
export function pixelAccuracy<S extends Shape, D extends DType>(logits: Tensor<S, D>, truth: Tensor<S, NoInfer<D>>): number {
  checkSameShape("pixelAccuracy", "truth", truth.shape, "logits", logits.shape);
  let right = 0;
  for (let i = 0; i < logits.data.length; i++) if (logits.data[i]! > 0 === truth.data[i]! > 0.5) right++;
  return right / logits.data.length;
}
