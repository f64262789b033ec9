/**
 * The pool's shared-memory protocol, one definition for the calling thread (src/wasm/pool.ts) and the workers
 * (src/wasm/worker-body.ts), whatever carries them (Node worker_threads or Web Workers).
 */

/** Every kernel the module exports, in the order their indices travel to the workers. */
export const kernelNames = [
  "pad",
  "conv",
  "convDw",
  "col2im",
  "channelSum",
  "maxPoolFwd",
  "maxPoolBwd",
  "reluFwd",
  "reluBwd",
  "winoWeights",
  "winoIn",
  "winoConv",
  "winoDyIn",
  "winoDw",
  "winoDwOut",
  "winoWeights4",
  "winoConv4",
  "winoIn4",
  "winoDyIn4",
  "winoDwOut4",
  "gemmPack",
  "gemm",
  "softmaxRows",
  "softmaxRowsBwd",
  "layerNormRows",
  "layerNormRowsBwd",
  "layerNormParamsBwd",
  "addRowsF32",
  "compactPlanes",
  "addF32",
  "placeRows",
  "adamF32",
  "scaleF32",
  "squaredDiffSums",
  "scaledDiffF32",
] as const;
export type KernelName = (typeof kernelNames)[number];

export const MAX_ARGS = 32;
// Control words (Int32Array over its own SharedArrayBuffer):
export const GEN = 0; // job number (31 bits, wrapping), bumped by the calling thread for every job (and for shutdown)
export const COMPLETED = 1; // chunks of the current job finished (by any thread)
export const FN = 2; // kernel index, -1 = exit
export const NARGS = 3;
export const ERROR = 4; // 1 when a worker threw
export const CHUNKS = 5; // chunks in the current job
export const ARGS = 8;
export const CONTROL_WORDS = ARGS + MAX_ARGS;
// The ticket (BigInt64Array, own SharedArrayBuffer): job number << 32 | next chunk to take. A thread
// claims a chunk with compare-and-swap, so one that wakes after its job ended can never take a chunk
// of the next job; the job's arguments stay put until every claimed chunk is finished.

/** What a worker is started with (structured-cloned: the module, and the memory and buffers shared). */
export interface WorkerData {
  readonly module: unknown;
  readonly memory: unknown;
  readonly control: SharedArrayBuffer;
  readonly ticketBuffer: SharedArrayBuffer;
  readonly names: readonly string[];
  readonly spins: number;
}

/** The message a worker posts once it has instantiated the module. */
export const READY = "ready";
