import { Worker } from "node:worker_threads";
import type { WasmMemory, WasmModule } from "./wasm-api.js";

/** Every kernel the module exports, in the order their indices travel to the workers. */
export const kernelNames = ["pad", "conv", "convDw", "col2im", "channelSum", "maxPoolFwd", "maxPoolBwd", "reluFwd", "reluBwd"] as const;
export type KernelName = (typeof kernelNames)[number];
export type Kernel = (...args: number[]) => void;

const MAX_ARGS = 32;
// Control words (Int32Array over its own SharedArrayBuffer):
const GEN = 0; // bumped by the main thread for every job (and for shutdown)
const DONE = 1; // workers that finished the current job
const FN = 2; // kernel index, -1 = exit
const NARGS = 3;
const ERROR = 4; // 1 when a worker threw
const NEXT = 5; // next chunk to take (every thread takes chunks until none is left)
const CHUNKS = 6; // chunks in the current job
const ARGS = 8;

/**
 * Each job is cut into this many chunks per thread, taken first-come: when another process holds a
 * core (the machine is shared), the running thread takes the descheduled one's chunks instead of
 * waiting for its fixed half.
 */
const CHUNKS_PER_THREAD = 8;

/** Spins before sleeping on a futex: a kernel sequence keeps the workers hot without burning an idle core. */
const WORKER_SPINS = 20_000;
const MAIN_SPINS = 20_000;

/**
 * The worker body (CommonJS, run with `eval: true`, so it is the same string under tsx, vitest and
 * the compiled dist): instantiate the module over the shared memory, then loop forever waiting on
 * GEN, take chunks of the job until none is left, count DONE and wake the main thread.
 */
const workerSource = `
"use strict";
const { workerData, parentPort } = require("node:worker_threads");
const { module, memory, control, names, spins } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const fns = names.map((n) => instance.exports[n]);
const ctl = new Int32Array(control);
parentPort.postMessage("ready");
let gen = 0;
for (;;) {
  let s = 0;
  while (Atomics.load(ctl, ${GEN}) === gen) {
    if (++s > spins) { Atomics.wait(ctl, ${GEN}, gen); s = 0; }
  }
  gen = Atomics.load(ctl, ${GEN});
  const f = Atomics.load(ctl, ${FN});
  if (f < 0) break;
  const nargs = ctl[${NARGS}];
  const chunks = ctl[${CHUNKS}];
  const args = new Array(nargs + 2);
  for (let i = 0; i < nargs; i++) args[i] = ctl[${ARGS} + i];
  args[nargs + 1] = chunks;
  try {
    for (let c = Atomics.add(ctl, ${NEXT}, 1); c < chunks; c = Atomics.add(ctl, ${NEXT}, 1)) {
      args[nargs] = c;
      fns[f](...args);
    }
  } catch (e) {
    Atomics.store(ctl, ${ERROR}, 1);
  }
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}
`;

/**
 * Runs a kernel on the calling thread and threads - 1 workers that share the module's memory, each
 * taking chunks (parts of the kernel's work) until none is left. Synchronous: the caller blocks on
 * Atomics until every worker has finished its last chunk.
 */
export class KernelPool {
  readonly threads: number;
  private readonly fns: readonly Kernel[];
  private readonly ctl: Int32Array;
  private readonly workers: Worker[] = [];
  private closed = false;

  private constructor(fns: readonly Kernel[], threads: number) {
    this.fns = fns;
    this.threads = threads;
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * (ARGS + MAX_ARGS)));
  }

  /** Starts threads - 1 workers (none for 1) and resolves once each has instantiated the module. */
  static async start(module: WasmModule, memory: WasmMemory, fns: readonly Kernel[], threads: number): Promise<KernelPool> {
    const pool = new KernelPool(fns, threads);
    const ready: Promise<void>[] = [];
    for (let part = 1; part < threads; part++) {
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: { module, memory, control: pool.ctl.buffer, names: kernelNames, spins: WORKER_SPINS },
      });
      pool.workers.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once("message", () => resolve());
          worker.once("error", reject);
          worker.once("exit", (code) => reject(new Error(`wasm worker exited with code ${code} before it was ready`)));
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      pool.close();
      throw e;
    }
    for (const w of pool.workers) {
      w.removeAllListeners("exit");
      w.removeAllListeners("error");
      w.on("error", () => undefined);
      w.unref();
    }
    return pool;
  }

  /** Runs kernel `name` with `args` followed by (chunk, chunks) for every chunk, and waits for all. */
  run(name: KernelName, args: readonly number[]): void {
    const fn = this.fns[kernelNames.indexOf(name)]!;
    if (this.threads === 1) {
      fn(...args, 0, 1);
      return;
    }
    if (this.closed) throw new Error("wasm backend: run() after close()");
    if (args.length > MAX_ARGS) throw new Error("wasm backend: too many kernel arguments");
    const ctl = this.ctl;
    const chunks = this.threads * CHUNKS_PER_THREAD;
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, NEXT, 0);
    Atomics.store(ctl, CHUNKS, chunks);
    Atomics.store(ctl, FN, kernelNames.indexOf(name));
    Atomics.store(ctl, NARGS, args.length);
    for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
    Atomics.add(ctl, GEN, 1);
    Atomics.notify(ctl, GEN);
    let failure: unknown = null;
    try {
      for (let c = Atomics.add(ctl, NEXT, 1); c < chunks; c = Atomics.add(ctl, NEXT, 1)) fn(...args, c, chunks);
    } catch (e) {
      failure = e;
      Atomics.store(ctl, NEXT, chunks); // let the workers stop early
    }
    const want = this.threads - 1;
    let spins = 0;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done === want) break;
      if (++spins > MAIN_SPINS) Atomics.wait(ctl, DONE, done, 1000);
    }
    if (failure !== null) throw failure;
    if (Atomics.exchange(ctl, ERROR, 0) !== 0) throw new Error(`wasm backend: kernel ${name} failed in a worker`);
  }

  /** Stops the workers; the pool cannot run afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.workers.length > 0) {
      Atomics.store(this.ctl, FN, -1);
      Atomics.add(this.ctl, GEN, 1);
      Atomics.notify(this.ctl, GEN);
      for (const w of this.workers) void w.terminate();
    }
  }
}
