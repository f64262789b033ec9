/**
 * The two thin transports of the kernel pool: each starts a worker running the shared loop
 * (src/wasm/worker-body.ts) with the pool's WorkerData, and resolves once it has instantiated the module.
 * Everything else (the shared-memory protocol, chunking, waiting) is one design in src/wasm/pool.ts.
 */
import { type NodeWorkerThreads, nodeWorkerThreads } from "./host.js";
import { READY, type WorkerData } from "./protocol.js";
import { nodeWorkerSource, webWorkerSource } from "./worker-body.js";

/** A started worker: the pool only ever stops it. */
export interface PoolWorker {
  terminate(): void;
}

export interface WorkerTransport {
  /** "worker_threads" (Node) or "web-workers" (a browser). */
  readonly kind: string;
  start(data: WorkerData): Promise<PoolWorker>;
  /** Releases what starting needed (a Blob URL); called once every worker is ready or failed. */
  done(): void;
}

/** Node's worker_threads: the loop runs from source (`eval: true`); idle workers never keep the process alive. */
function nodeTransport(threads: NodeWorkerThreads): WorkerTransport {
  return {
    kind: "worker_threads",
    start(data) {
      const worker = new threads.Worker(nodeWorkerSource, { eval: true, workerData: data });
      return new Promise<PoolWorker>((resolve, reject) => {
        worker.once("message", () => {
          worker.removeAllListeners("exit");
          worker.removeAllListeners("error");
          worker.on("error", () => undefined);
          worker.unref();
          resolve({ terminate: () => void worker.terminate() });
        });
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`wasm worker exited with code ${code} before it was ready`)));
      });
    },
    done() {},
  };
}

/** The few Web Worker members used, typed here (the project compiles without the DOM library). */
interface WebWorker {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: { readonly message?: string; preventDefault?(): void }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
interface WebGlobals {
  readonly Worker?: new (url: string, options?: { readonly name?: string }) => WebWorker;
  readonly Blob?: new (parts: readonly string[], options: { readonly type: string }) => object;
  readonly URL: { createObjectURL?(blob: object): string; revokeObjectURL?(url: string): void };
}

/** Web Workers from a Blob URL of the loop (no separate file for a bundler to find), given the data by message. */
function webTransport(
  WebWorkerClass: NonNullable<WebGlobals["Worker"]>,
  BlobClass: NonNullable<WebGlobals["Blob"]>,
  urls: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void },
): WorkerTransport {
  let url: string | null = null; // made at the first start, revoked by done()
  return {
    kind: "web-workers",
    start(data) {
      url ??= urls.createObjectURL(new BlobClass([webWorkerSource], { type: "text/javascript" }));
      const worker = new WebWorkerClass(url, { name: "shapeproof-wasm" });
      return new Promise<PoolWorker>((resolve, reject) => {
        worker.onmessage = (event) => {
          if (event.data !== READY) return;
          worker.onmessage = null;
          worker.onerror = null;
          resolve({ terminate: () => worker.terminate() });
        };
        worker.onerror = (event) => {
          event.preventDefault?.();
          worker.terminate();
          reject(new Error(`wasm worker failed before it was ready: ${event.message ?? "unknown error"}`));
        };
        worker.postMessage(data);
      });
    },
    done() {
      if (url !== null) urls.revokeObjectURL(url);
      url = null;
    },
  };
}

/** The host's transport: worker_threads in Node, Web Workers in a browser (page or worker), or null. */
export function hostTransport(): WorkerTransport | null {
  const threads = nodeWorkerThreads();
  if (threads !== undefined) return nodeTransport(threads);
  const g = globalThis as unknown as WebGlobals;
  const { createObjectURL, revokeObjectURL } = g.URL ?? {};
  if (
    typeof g.Worker === "function" &&
    typeof g.Blob === "function" &&
    typeof createObjectURL === "function" &&
    typeof revokeObjectURL === "function"
  ) {
    return webTransport(g.Worker, g.Blob, {
      createObjectURL: (b) => createObjectURL.call(g.URL, b),
      revokeObjectURL: (u) => revokeObjectURL.call(g.URL, u),
    });
  }
  return null;
}
