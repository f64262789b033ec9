import { batches, takeRows } from "../train/loop.js";
import { bceWithLogits } from "../train/losses/bce-with-logits.js";
import { cosineLr } from "../train/lr-schedule.js";
import { adam } from "../train/optimizers/adam.js";
import type { ImageBatch, Segmenter } from "./segmenter.js";

export interface TrainSegmenterOptions {
  readonly steps: number;
  readonly batchSize: number;
  /** Adam's peak learning rate; a short linear warm-up, then cosine decay to 0 over `steps`. */
  readonly lr: number;
  /** Seeds the mini-batch order (each epoch reshuffled, reproducibly). */
  readonly seed: number;
  /** Called after every step with the step number (1-based) and its loss. */
  readonly onStep?: (step: number, loss: number) => void;
}

/**
 * Trains `model` in place on (images, masks) with per-pixel BCE-with-logits and Adam: seeded shuffled
 * mini-batches, epoch after epoch, until `steps` updates. Returns the loss of every step.
 */
export function trainSegmenter(model: Segmenter, images: ImageBatch, masks: ImageBatch, options: TrainSegmenterOptions): number[] {
  const { steps, batchSize, lr, seed, onStep } = options;
  const n = images.shape[0];
  if (batchSize > n) throw new RangeError(`trainSegmenter: batchSize ${batchSize} exceeds the ${n} training images`);
  const optimizer = adam(model.params, { lr });
  const schedule = { lr, total: steps, warmup: Math.min(20, Math.floor(steps / 10)) };
  const losses: number[] = [];
  for (let epoch = 0; losses.length < steps; epoch++) {
    for (const rows of batches(n, batchSize, { seed, epoch, dropLast: true })) {
      if (losses.length === steps) break;
      const x = takeRows(images, rows);
      const { output, trace } = model.forwardTraced(x);
      // The model's backward is explicit (per layer); the loss is on the tape: its backward on a leaf copy of the
      // logits gives d loss / d logits, which the model's backward takes.
      const logits = output.detach().requireGrad();
      const loss = bceWithLogits(logits, takeRows(masks, rows));
      loss.backward();
      const { grads } = model.backward(x, logits.grad!, { trace });
      optimizer.lr = cosineLr(losses.length, schedule);
      optimizer.step(grads);
      losses.push(loss.item());
      onStep?.(losses.length, losses[losses.length - 1]!);
    }
  }
  return losses;
}
