export * from "./losses/index.js";
export * from "./optimizers/index.js";
export { type BatchesOptions, batchCount, batches, epochSeed, permutation, shuffleInPlace, takeRows } from "./loop.js";
export { type CosineLrOptions, cosineLr } from "./lr-schedule.js";
export { type IoUResult, binaryIoU, pixelAccuracy } from "./metrics.js";
export {
  type ProgressBar,
  type ProgressOptions,
  type ProgressStream,
  type ProgressUpdate,
  formatDuration,
  progressBar,
} from "./progress.js";
