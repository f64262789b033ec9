/**
 * The page's training Worker: the demo's U-Net (src/demo) trained on the WebAssembly backend with all cores. A
 * dedicated Worker is where a synchronous, multi-threaded kernel call belongs in a browser: the page stays
 * responsive, and the backend's calling thread may sleep in Atomics.wait (docs/browser.md). Steps run in short
 * slices between which messages (stop, reset, weights) are handled.
 */
import { binaryIoU, createWasmBackend, serializeSafetensors, syntheticShapes, useBackend, type WasmBackend } from "../src/index.js";
import { createSegmenter, predictLogits, type Segmenter } from "../src/demo/segmenter.js";
import { type SegmenterTrainer, segmenterTrainer } from "../src/demo/train-segmenter.js";
import type { FromWorker, HeldOutPanel, ToWorker, TrainSettings } from "./protocol.js";

/** A dedicated Worker's scope (the DOM library types `self` as a Window; the WebWorker library clashes with it). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

/** How long one slice of steps may run before the Worker looks at its messages again. */
const SLICE_MS = 150;

interface Run {
  readonly settings: TrainSettings;
  readonly model: Segmenter;
  readonly trainer: SegmenterTrainer;
  readonly test: ReturnType<typeof syntheticShapes>;
}

let backend: WasmBackend | null = null;
let run: Run | null = null;
let running = false;
let loop: Promise<void> | null = null;

function newRun(settings: TrainSettings): Run {
  const { size, seed } = settings;
  const model = createSegmenter(size, settings.baseC, seed);
  const train = syntheticShapes({ n: settings.trainImages, height: size, width: size, seed });
  const test = syntheticShapes({ n: settings.testImages, height: size, width: size, seed: seed + 1 });
  const trainer = segmenterTrainer(model, train.images, train.masks, settings);
  return { settings, model, trainer, test };
}

function sigmoid(values: Float32Array | Float64Array): Float32Array {
  return Float32Array.from(values, (x) => 1 / (1 + Math.exp(-x)));
}

function evaluate(r: Run): void {
  const logits = predictLogits(r.model, r.test.images);
  const iou = binaryIoU(logits, r.test.masks).mean;
  const n = r.settings.size * r.settings.size;
  const panels: HeldOutPanel[] = [];
  for (let k = 0; k < Math.min(4, r.settings.testImages); k++) {
    const at = (t: { data: Float32Array | Float64Array }) => Float32Array.from(t.data.subarray(k * n, (k + 1) * n));
    panels.push({ input: at(r.test.images), truth: at(r.test.masks), prediction: sigmoid(logits.data.subarray(k * n, (k + 1) * n)) });
  }
  post({ type: "heldout", step: r.trainer.taken, iou, size: r.settings.size, panels });
}

function postState(): void {
  post({ type: "state", running, step: run?.trainer.taken ?? 0, total: run?.settings.steps ?? 0 });
}

async function trainLoop(): Promise<void> {
  while (running && run !== null && !run.trainer.done) {
    const r = run;
    const from = r.trainer.taken;
    const losses: number[] = [];
    const start = performance.now();
    let evalDue = false;
    while (!r.trainer.done && performance.now() - start < SLICE_MS) {
      losses.push(r.trainer.step());
      if (r.trainer.taken % r.settings.evalEvery === 0) {
        evalDue = true;
        break;
      }
    }
    const seconds = (performance.now() - start) / 1000;
    post({ type: "losses", from, losses, stepsPerSecond: losses.length / seconds });
    if (evalDue || r.trainer.done) evaluate(r);
    await new Promise((resolve) => setTimeout(resolve, 0)); // let stop / reset / weights in
  }
  running = false;
  postState();
}

function startLoop(): void {
  running = true;
  postState();
  loop ??= trainLoop().finally(() => {
    loop = null;
  });
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case "start": {
      if (backend === null) {
        const threads = message.settings.threads;
        const notes: string[] = [];
        const warn = console.warn;
        console.warn = (...args: unknown[]) => notes.push(args.map(String).join(" ")); // the backend's one-line note, shown on the page
        try {
          backend = await createWasmBackend(threads === undefined ? {} : { threads });
        } finally {
          console.warn = warn;
        }
        useBackend(backend);
        run = newRun(message.settings);
        const params = Object.values(run.model.params).reduce((sum, t) => sum + t.size, 0);
        post({ type: "ready", backend: backend.name, threads: backend.threads, params, note: notes[0] ?? null });
      }
      startLoop();
      return;
    }
    case "stop":
      running = false;
      await loop;
      postState();
      return;
    case "resume":
      startLoop();
      return;
    case "reset": {
      if (run === null) return;
      running = false;
      await loop;
      run = newRun(run.settings);
      postState();
      evaluate(run);
      return;
    }
    case "weights": {
      if (run === null) return;
      const { size, baseC, seed } = run.settings;
      const metadata = {
        inC: "1",
        outC: "1",
        baseC: String(baseC),
        inH: String(size),
        inW: String(size),
        steps: String(run.trainer.taken),
        seed: String(seed),
      };
      const bytes = serializeSafetensors(run.model.stateDict(), metadata);
      post({ type: "weights", bytes, name: `unet2-segmenter-${run.trainer.taken}-steps.safetensors` }, [bytes.buffer]);
      return;
    }
  }
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  handle(event.data).catch((error: unknown) => post({ type: "error", message: error instanceof Error ? error.message : String(error) }));
};
