import { ARGS, CHUNKS, COMPLETED, CONTROL_WORDS, ERROR, FN, GEN, type KernelName, MAX_ARGS, NARGS, kernelNames } from "./protocol.js";
import type { PoolWorker, WorkerTransport } from "./transports.js";
import type { WasmMemory, WasmModule } from "./wasm-api.js";

export { type KernelName, kernelNames } from "./protocol.js";
export type Kernel = (...args: number[]) => void;

/**
 * Each job is cut into this many chunks per thread, taken first-come. The calling thread waits only
 * for chunks actually claimed: when another process holds a core (the machine is shared), it runs
 * the whole job itself instead of waiting for a worker that has not been scheduled yet.
 */
const CHUNKS_PER_THREAD = 8;

/** Spins before sleeping on a futex: a kernel sequence keeps the workers hot without burning an idle core. */
const WORKER_SPINS = 20_000;
const MAIN_SPINS = 20_000;

/**
 * Whether this thread may block in Atomics.wait: Node's threads and a browser's workers may, a page's main
 * thread may not (it throws). Asked with a value that does not match, so the probe never sleeps.
 */
function threadMayBlock(ctl: Int32Array): boolean {
  try {
    Atomics.wait(ctl, GEN, Atomics.load(ctl, GEN) + 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a kernel on the calling thread and threads - 1 workers that share the module's memory, each
 * taking chunks (parts of the kernel's work) until none is left. Synchronous: the caller waits until every
 * worker has finished its last chunk, sleeping in Atomics.wait where the host allows it and spinning where it
 * does not (a page's main thread, as Emscripten's pthreads do; docs/browser.md recommends a dedicated Worker).
 * The workers are carried by a WorkerTransport (src/wasm/transports.ts): Node worker_threads or Web Workers.
 */
export class KernelPool {
  readonly threads: number;
  /** Parts every job is cut into: a kernel's (part, nparts) arguments satisfy part < nparts = chunks. */
  readonly chunks: number;
  /** How the workers are carried ("worker_threads", "web-workers"), or "none" for one thread. */
  readonly transport: string;
  private readonly fns: readonly Kernel[];
  private readonly ctl: Int32Array;
  private readonly ticket: BigInt64Array;
  private readonly mayBlock: boolean;
  private readonly workers: PoolWorker[] = [];
  private closed = false;

  private constructor(fns: readonly Kernel[], threads: number, transport: string) {
    this.fns = fns;
    this.threads = threads;
    this.transport = transport;
    this.chunks = threads === 1 ? 1 : threads * CHUNKS_PER_THREAD;
    // One thread needs no shared words (and a page that is not cross-origin isolated has no SharedArrayBuffer).
    const shared = threads > 1;
    this.ctl = new Int32Array(shared ? new SharedArrayBuffer(4 * CONTROL_WORDS) : new ArrayBuffer(4 * CONTROL_WORDS));
    this.ticket = new BigInt64Array(shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8));
    this.mayBlock = shared && threadMayBlock(this.ctl);
  }

  /** One thread: kernels run on the calling thread, nothing is shared. */
  static single(fns: readonly Kernel[]): KernelPool {
    return new KernelPool(fns, 1, "none");
  }

  /** Starts threads - 1 workers through `transport` and resolves once each has instantiated the module. */
  static async start(
    module: WasmModule,
    memory: WasmMemory,
    fns: readonly Kernel[],
    threads: number,
    transport: WorkerTransport,
  ): Promise<KernelPool> {
    if (threads === 1) return KernelPool.single(fns);
    const pool = new KernelPool(fns, threads, transport.kind);
    const data = {
      module,
      memory,
      control: pool.ctl.buffer as SharedArrayBuffer,
      ticketBuffer: pool.ticket.buffer as SharedArrayBuffer,
      names: kernelNames,
      spins: WORKER_SPINS,
    };
    const started = await Promise.allSettled(Array.from({ length: threads - 1 }, () => transport.start(data)));
    transport.done();
    for (const s of started) if (s.status === "fulfilled") pool.workers.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed !== undefined) {
      pool.close();
      throw failed.reason;
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
      if (++spins > MAIN_SPINS && this.mayBlock) Atomics.wait(ctl, COMPLETED, done, 1000);
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
      for (const w of this.workers) w.terminate();
    }
  }
}
