/** Messages between the page (web/app.ts) and the training Worker (web/train-worker.ts). */

export interface TrainSettings {
  /** Image height and width (even). */
  readonly size: number;
  readonly baseC: number;
  readonly steps: number;
  readonly batchSize: number;
  readonly trainImages: number;
  readonly testImages: number;
  readonly lr: number;
  readonly seed: number;
  /** Held-out predictions and IoU every this many steps. */
  readonly evalEvery: number;
  /** WebAssembly threads (default: all cores, at most 8). */
  readonly threads?: number;
}

export type ToWorker =
  | { readonly type: "start"; readonly settings: TrainSettings }
  | { readonly type: "stop" }
  | { readonly type: "resume" }
  | { readonly type: "reset" }
  | { readonly type: "weights" };

/** One held-out image: input, truth and predicted probability, each size × size in [0, 1]. */
export interface HeldOutPanel {
  readonly input: Float32Array;
  readonly truth: Float32Array;
  readonly prediction: Float32Array;
}

export type FromWorker =
  | { readonly type: "ready"; readonly backend: string; readonly threads: number; readonly params: number; readonly note: string | null }
  | { readonly type: "losses"; readonly from: number; readonly losses: readonly number[]; readonly stepsPerSecond: number }
  | { readonly type: "heldout"; readonly step: number; readonly iou: number; readonly size: number; readonly panels: readonly HeldOutPanel[] }
  | { readonly type: "state"; readonly running: boolean; readonly step: number; readonly total: number }
  | { readonly type: "weights"; readonly bytes: Uint8Array; readonly name: string }
  | { readonly type: "error"; readonly message: string };
