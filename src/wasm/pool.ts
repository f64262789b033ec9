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
const ARGS = 8;

/** Spins before sleeping on a futex: a kernel sequence keeps the workers hot without burning an idle core. */
const WORKER_SPINS = 200_000;
const MAIN_SPINS = 200_000;

/**
 * The worker body (CommonJS, run with `eval: true`, so it is the same string under tsx, vitest and
 * the compiled dist): instantiate the module over the shared memory, then loop forever waiting on
 * GEN, run part `part` of the job, count DONE and wake the main thread when it is the last one.
 */
const workerSource = `
"use strict";
const { workerData, parentPort } = require("node:worker_threads");
const { module, memory, control, names, part, nparts, spins } = workerData;
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
  const args = new Array(nargs + 2);
  for (let i = 0; i < nargs; i++) args[i] = ctl[${ARGS} + i];
  args[nargs] = part;
  args[nargs + 1] = nparts;
  try {
    fns[f](...args);
  } catch (e) {
    Atomics.store(ctl, ${ERROR}, 1);
  }
  if (Atomics.add(ctl, ${DONE}, 1) === nparts - 2) Atomics.notify(ctl, ${DONE});
}
`;

/**
 * Runs a kernel on `threads` parts: part 0 on the calling thread, parts 1.. on workers that share
 * the module's memory. Synchronous: the caller blocks on Atomics until every part is done.
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
        workerData: { module, memory, control: pool.ctl.buffer, names: kernelNames, part, nparts: threads, spins: WORKER_SPINS },
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

  /** Runs kernel `name` with `args` followed by (part, nparts) on every part, and waits for all. */
  run(name: KernelName, args: readonly number[]): void {
    const fn = this.fns[kernelNames.indexOf(name)]!;
    if (this.threads === 1) {
      fn(...args, 0, 1);
      return;
    }
    if (this.closed) throw new Error("wasm backend: run() after close()");
    if (args.length > MAX_ARGS) throw new Error("wasm backend: too many kernel arguments");
    const ctl = this.ctl;
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, FN, kernelNames.indexOf(name));
    Atomics.store(ctl, NARGS, args.length);
    for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
    Atomics.add(ctl, GEN, 1);
    Atomics.notify(ctl, GEN);
    let failure: unknown = null;
    try {
      fn(...args, 0, this.threads);
    } catch (e) {
      failure = e;
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
