/**
 * The page of `npm run bench:web` (scripts/bench-web.ts): W1 forward (one 3x3 conv, 64 -> 64 channels, 128x128) and
 * W3 (UNet2 forward, baseC 64, 3x128x128) as defined in scripts/bench/workloads.ts, timed in Chromium on
 * shapeproof's WebAssembly backend (1 and 2 threads) and on onnxruntime-web (wasm execution provider, 2 threads)
 * with the same weights (scripts/bench/onnx-graphs.ts), on the page's main thread, and shapeproof also in a dedicated
 * Worker (web/bench-worker.ts), the way docs/browser.md recommends running a model. onnxruntime-web comes from
 * the bench/ package, mapped by the page's import map (never a dependency of the root package).
 */
import { conv2d, createWasmBackend, useBackend } from "../src/index.js";
import type { Ort } from "../scripts/bench/peers.js";
import { unetModel, w1Model } from "../scripts/bench/onnx-graphs.js";
import { makeUNetWorkload, makeW1Data, runW3, type UNetWorkload } from "../scripts/bench/workloads.js";
import type { WebBenchRow } from "./bench-row.js";

type OrtWeb = Ort & { readonly env: { readonly wasm: { numThreads?: number; wasmPaths?: string } } };

async function timed(runs: number, warmup: number, run: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  return ms;
}

function layerOf(w: UNetWorkload) {
  const sd = w.model.stateDict();
  return (name: string) => {
    const weight = sd[`${name}.weight` as keyof typeof sd];
    const bias = sd[`${name}.bias` as keyof typeof sd];
    return { weight: { shape: weight.shape, data: weight.data }, bias: { shape: bias.shape, data: bias.data } };
  };
}

const head = (y: Float32Array | Float64Array): number[] => Array.from(y.subarray(0, 64));

/** shapeproof's rows: W1 fwd and W3 on the WebAssembly backend with 1 and 2 threads, labelled with `where` they ran. */
export async function benchShapeproof(runs: number, warmup: number, where: string): Promise<WebBenchRow[]> {
  const rows: WebBenchRow[] = [];
  const w1 = makeW1Data();
  const unet = makeUNetWorkload();
  for (const threads of [1, 2]) {
    const backend = await createWasmBackend({ threads });
    const previous = useBackend(backend);
    try {
      const system = `shapeproof wasm ${backend.threads}t${where}`;
      let y1: Float32Array | Float64Array = new Float32Array(0);
      const w1ms = await timed(runs, warmup, () => {
        y1 = conv2d(w1.x, w1.weight, w1.bias, { padding: 1 }).data;
      });
      rows.push({ system, workload: "W1 fwd", ms: w1ms, head: head(y1) });
      rows.push({ system, workload: "W3", ms: await timed(runs, warmup, () => runW3(unet)), head: head(unet.model.forward(unet.x).data) });
    } finally {
      useBackend(previous);
      backend.close();
    }
  }
  return rows;
}

/** shapeproof in a dedicated Worker (web/bench-worker.ts), where the calling thread may sleep in Atomics.wait. */
function benchShapeproofInWorker(runs: number, warmup: number): Promise<WebBenchRow[]> {
  const worker = new Worker("/bench-worker.js", { type: "module" });
  return new Promise<WebBenchRow[]>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ rows?: WebBenchRow[]; error?: string }>) => {
      worker.terminate();
      if (event.data.rows !== undefined) resolve(event.data.rows);
      else reject(new Error(event.data.error ?? "bench worker: no result"));
    };
    worker.onerror = (event) => reject(new Error(`bench worker: ${event.message}`));
    worker.postMessage({ runs, warmup });
  });
}

async function benchWeb(runs: number, warmup: number): Promise<WebBenchRow[]> {
  const rows = [...(await benchShapeproof(runs, warmup, "")), ...(await benchShapeproofInWorker(runs, warmup))];
  const w1 = makeW1Data();
  const unet = makeUNetWorkload();
  const specifier = "onnxruntime-web"; // resolved by the page's import map to bench/node_modules/onnxruntime-web
  const ort = (await import(specifier)) as OrtWeb;
  ort.env.wasm.numThreads = 2;
  ort.env.wasm.wasmPaths = "/ort/";
  const options = { executionProviders: ["wasm"], intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: "all" as const };
  const cases = [
    { workload: "W1 fwd" as const, model: w1Model(w1.x.shape, { weight: w1.weight, bias: w1.bias }), x: w1.x },
    { workload: "W3" as const, model: unetModel(layerOf(unet)), x: unet.x },
  ];
  for (const c of cases) {
    const session = await ort.InferenceSession.create(c.model, options);
    const feed = { x: new ort.Tensor("float32", c.x.data as Float32Array<ArrayBuffer>, [...c.x.shape]) };
    let y: Float32Array = new Float32Array(0);
    const ms = await timed(runs, warmup, async () => {
      y = (await session.run(feed))["y"]!.data as Float32Array;
    });
    rows.push({ system: "onnxruntime-web 2t", workload: c.workload, ms, head: head(y) });
    await session.release();
  }
  return rows;
}

// Only the page defines benchWeb; the Worker entry imports benchShapeproof from this module.
if (typeof document !== "undefined") Object.assign(globalThis, { benchWeb });
