/**
 * Cosine learning-rate decay with linear warm-up, as `torch.optim.lr_scheduler` users usually chain it
 * (LinearLR warm-up, then CosineAnnealingLR down to `minLr`), evaluated for step `step` of `total`:
 *
 *   step < warmup:  lr · (step + 1) / warmup
 *   otherwise:      minLr + (lr − minLr) · (1 + cos(π · (step − warmup) / (total − warmup))) / 2
 *
 * Steps at or past `total` get `minLr`.
 */
export interface CosineLrOptions {
  /** Peak learning rate. */
  readonly lr: number;
  /** Number of steps the schedule spans. */
  readonly total: number;
  /** Steps of linear warm-up before the decay starts (default 0). */
  readonly warmup?: number;
  /** Learning rate at the end (default 0). */
  readonly minLr?: number;
}

/** The learning rate at `step` of a cosine schedule with linear warm-up. */
export function cosineLr(step: number, options: CosineLrOptions): number {
  const { lr, total, warmup = 0, minLr = 0 } = options;
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`cosineLr: step must be an integer ≥ 0, got ${step}`);
  if (!Number.isSafeInteger(total) || total < 1) throw new RangeError(`cosineLr: total must be an integer ≥ 1, got ${total}`);
  if (!Number.isSafeInteger(warmup) || warmup < 0 || warmup >= total) {
    throw new RangeError(`cosineLr: warmup must be an integer in [0, total), got ${warmup} with total ${total}`);
  }
  if (!(lr >= 0) || !(minLr >= 0)) throw new RangeError(`cosineLr: lr and minLr must be ≥ 0, got ${lr} and ${minLr}`);
  if (step < warmup) return (lr * (step + 1)) / warmup;
  if (step >= total) return minLr;
  const t = (step - warmup) / (total - warmup);
  return minLr + ((lr - minLr) * (1 + Math.cos(Math.PI * t))) / 2;
}
