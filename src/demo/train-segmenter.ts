import { batches, takeRows } from "../train/loop.js";
import { bceWithLogits } from "../train/losses/bce-with-logits.js";
import { cosineLr } from "../train/lr-schedule.js";
import { tidy } from "../tensor/tidy.js";
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

/** Training one step at a time (the browser page interleaves steps with drawing and a Stop button). */
export interface SegmenterTrainer {
  /** Steps taken so far. */
  readonly taken: number;
  /** Whether all `steps` have been taken. */
  readonly done: boolean;
  /** Takes the next optimizer step and returns its loss; throws once `done`. */
  step(): number;
}

/**
 * A trainer of `model` (in place) on (images, masks) with per-pixel BCE-with-logits and Adam: seeded shuffled
 * mini-batches, epoch after epoch, `steps` updates in all.
 */
export function segmenterTrainer(
  model: Segmenter,
  images: ImageBatch,
  masks: ImageBatch,
  options: Omit<TrainSegmenterOptions, "onStep">,
): SegmenterTrainer {
  const { steps, batchSize, lr, seed } = options;
  const n = images.shape[0];
  if (batchSize > n) throw new RangeError(`trainSegmenter: batchSize ${batchSize} exceeds the ${n} training images`);
  const optimizer = adam(model.params, { lr });
  const schedule = { lr, total: steps, warmup: Math.min(20, Math.floor(steps / 10)) };
  let taken = 0;
  let epoch = 0;
  let epochBatches: number[][] = [];
  return {
    get taken() {
      return taken;
    },
    get done() {
      return taken >= steps;
    },
    step(): number {
      if (taken >= steps) throw new RangeError(`trainSegmenter: all ${steps} steps are taken`);
      if (epochBatches.length === 0) epochBatches = [...batches(n, batchSize, { seed, epoch: epoch++, dropLast: true })].reverse();
      const rows = epochBatches.pop()!;
      optimizer.lr = cosineLr(taken, schedule);
      // one step in `tidy`: on the WebAssembly backend its activations and gradients stay in WebAssembly memory
      // between the ops and are freed when it returns
      const loss = tidy(() => {
        const x = takeRows(images, rows);
        const { output, trace } = model.forwardTraced(x);
        // The model's backward is explicit (per layer); the loss is on the tape: its backward on a leaf copy of the
        // logits gives d loss / d logits, which the model's backward takes.
        const logits = output.detach().requireGrad();
        const loss = bceWithLogits(logits, takeRows(masks, rows));
        loss.backward();
        const { grads } = model.backward(x, logits.grad!, { trace });
        optimizer.step(grads);
        return loss.item();
      });
      taken++;
      return loss;
    },
  };
}

/**
 * Trains `model` in place on (images, masks) with per-pixel BCE-with-logits and Adam: seeded shuffled
 * mini-batches, epoch after epoch, until `steps` updates. Returns the loss of every step.
 */
export function trainSegmenter(model: Segmenter, images: ImageBatch, masks: ImageBatch, options: TrainSegmenterOptions): number[] {
  const trainer = segmenterTrainer(model, images, masks, options);
  const losses: number[] = [];
  while (!trainer.done) {
    losses.push(trainer.step());
    options.onStep?.(losses.length, losses[losses.length - 1]!);
  }
  return losses;
}
