import { Worker } from "node:worker_threads";
import type { WasmMemory, WasmModule } from "./wasm-api.js";

/** Every kernel the module exports, in the order their indices travel to the workers. */
export const kernelNames = ["pad", "conv", "convDw", "col2im", "channelSum", "maxPoolFwd", "maxPoolBwd", "reluFwd", "reluBwd", "winoWeights", "winoIn", "winoConv", "winoDyIn", "winoDw", "winoDwOut", "gemmPack", "gemm"] as const;
export type KernelName = (typeof kernelNames)[number];
export type Kernel = (...args: number[]) => void;

const MAX_ARGS = 32;
// Control words (Int32Array over its own SharedArrayBuffer):
const GEN = 0; // job number (31 bits, wrapping), bumped by the main thread for every job (and for shutdown)
const COMPLETED = 1; // chunks of the current job finished (by any thread)
const FN = 2; // kernel index, -1 = exit
const NARGS = 3;
const ERROR = 4; // 1 when a worker threw
const CHUNKS = 5; // chunks in the current job
const ARGS = 8;
// The ticket (BigInt64Array, own SharedArrayBuffer): job number << 32 | next chunk to take. A thread
// claims a chunk with compare-and-swap, so one that wakes after its job ended can never take a chunk
// of the next job; the job's arguments stay put until every claimed chunk is finished.

/**
 * Each job is cut into this many chunks per thread, taken first-come. The main thread waits only
 * for chunks actually claimed: when another process holds a core (the machine is shared), it runs
 * the whole job itself instead of waiting for a worker that has not been scheduled yet.
 */
const CHUNKS_PER_THREAD = 8;

/** Spins before sleeping on a futex: a kernel sequence keeps the workers hot without burning an idle core. */
const WORKER_SPINS = 20_000;
const MAIN_SPINS = 20_000;

/**
 * The worker body (CommonJS, run with `eval: true`, so it is the same string under tsx, vitest and
 * the compiled dist): instantiate the module over the shared memory, then loop forever waiting on
 * GEN, claim chunks of that job until none is left, count each in COMPLETED and wake the main thread
 * after the job's last one.
 */
const workerSource = `
"use strict";
const { workerData, parentPort } = require("node:worker_threads");
const { module, memory, control, ticketBuffer, names, spins } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const fns = names.map((n) => instance.exports[n]);
const ctl = new Int32Array(control);
const ticket = new BigInt64Array(ticketBuffer);
parentPort.postMessage("ready");
let gen = 0;
for (;;) {
  let s = 0;
  while (Atomics.load(ctl, ${GEN}) === gen) {
    if (++s > spins) { Atomics.wait(ctl, ${GEN}, gen); s = 0; }
  }
  gen = Atomics.load(ctl, ${GEN});
  if (Atomics.load(ctl, ${FN}) < 0) break;
  const tag = BigInt(gen);
  for (;;) {
    const t = Atomics.load(ticket, 0);
    if (t >> 32n !== tag) break;
    const chunks = Atomics.load(ctl, ${CHUNKS});
    const c = Number(t & 0xffffffffn);
    if (c >= chunks) break;
    if (Atomics.compareExchange(ticket, 0, t, t + 1n) !== t) continue;
    const f = Atomics.load(ctl, ${FN});
    const nargs = ctl[${NARGS}];
    const args = new Array(nargs + 2);
    for (let i = 0; i < nargs; i++) args[i] = ctl[${ARGS} + i];
    args[nargs] = c;
    args[nargs + 1] = chunks;
    try {
      fns[f](...args);
    } catch (e) {
      Atomics.store(ctl, ${ERROR}, 1);
    }
    if (Atomics.add(ctl, ${COMPLETED}, 1) === chunks - 1) Atomics.notify(ctl, ${COMPLETED});
  }
}
`;

/**
 * Runs a kernel on the calling thread and threads - 1 workers that share the module's memory, each
 * taking chunks (parts of the kernel's work) until none is left. Synchronous: the caller blocks on
 * Atomics until every worker has finished its last chunk.
 */
export class KernelPool {
  readonly threads: number;
  /** Parts every job is cut into: a kernel's (part, nparts) arguments satisfy part < nparts = chunks. */
  readonly chunks: number;
  private readonly fns: readonly Kernel[];
  private readonly ctl: Int32Array;
  private readonly ticket: BigInt64Array;
  private readonly workers: Worker[] = [];
  private closed = false;

  private constructor(fns: readonly Kernel[], threads: number) {
    this.fns = fns;
    this.threads = threads;
    this.chunks = threads === 1 ? 1 : threads * CHUNKS_PER_THREAD;
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * (ARGS + MAX_ARGS)));
    this.ticket = new BigInt64Array(new SharedArrayBuffer(8));
  }

  /** Starts threads - 1 workers (none for 1) and resolves once each has instantiated the module. */
  static async start(module: WasmModule, memory: WasmMemory, fns: readonly Kernel[], threads: number): Promise<KernelPool> {
    const pool = new KernelPool(fns, threads);
    const ready: Promise<void>[] = [];
    for (let part = 1; part < threads; part++) {
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: { module, memory, control: pool.ctl.buffer, ticketBuffer: pool.ticket.buffer, names: kernelNames, spins: WORKER_SPINS },
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
    const chunks = this.chunks;
    const gen = (Atomics.load(ctl, GEN) + 1) & 0x7fffffff; // 31 bits: the ticket stays a positive int64
    Atomics.store(ctl, FN, kernelNames.indexOf(name));
    Atomics.store(ctl, NARGS, args.length);
    for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
    Atomics.store(ctl, CHUNKS, chunks);
    Atomics.store(ctl, COMPLETED, 0);
    const tag = BigInt(gen) << 32n;
    Atomics.store(this.ticket, 0, tag);
    Atomics.store(ctl, GEN, gen);
    Atomics.notify(ctl, GEN);
    let failure: unknown = null;
    // Only this thread starts jobs, so it may take chunks with a plain add.
    for (let c = Number(Atomics.add(this.ticket, 0, 1n) - tag); c < chunks; c = Number(Atomics.add(this.ticket, 0, 1n) - tag)) {
      try {
        fn(...args, c, chunks);
      } catch (e) {
        failure ??= e;
      }
      Atomics.add(ctl, COMPLETED, 1);
    }
    let spins = 0;
    for (;;) {
      const done = Atomics.load(ctl, COMPLETED);
      if (done === chunks) break;
      if (++spins > MAIN_SPINS) Atomics.wait(ctl, COMPLETED, done, 1000);
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
