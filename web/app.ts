/**
 * The page of `npm run demo:web`: starts the training Worker (web/train-worker.ts), draws its loss curve and
 * held-out predictions as they arrive, and drives Stop / Reset / Download. The second panel builds a UNet2 for
 * the sizes in the form, on the page itself, and shows its layer table or the size obligation that fails.
 * Settings can be overridden in the URL (`?steps=40&size=32`), which the browser test uses.
 */
import { ShapeError, createUNet2, unet2Obligations, withConfig } from "../src/index.js";
import type { FromWorker, HeldOutPanel, ToWorker, TrainSettings } from "./protocol.js";

const defaults: TrainSettings = { size: 48, baseC: 8, steps: 600, batchSize: 8, trainImages: 256, testImages: 64, lr: 0.01, seed: 0, evalEvery: 25 };

function settingsFromUrl(): TrainSettings {
  const query = new URLSearchParams(location.search);
  const num = (key: keyof TrainSettings, fallback: number): number => {
    const v = query.get(key);
    return v === null || !Number.isFinite(Number(v)) ? fallback : Number(v);
  };
  const threads = query.get("threads");
  return {
    size: num("size", defaults.size),
    baseC: num("baseC", defaults.baseC),
    steps: num("steps", defaults.steps),
    batchSize: num("batchSize", defaults.batchSize),
    trainImages: num("trainImages", defaults.trainImages),
    testImages: num("testImages", defaults.testImages),
    lr: num("lr", defaults.lr),
    seed: num("seed", defaults.seed),
    evalEvery: num("evalEvery", defaults.evalEvery),
    ...(threads === null ? {} : { threads: Number(threads) }),
  };
}

function element<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`the page has no #${id}`);
  return e as T;
}

/** What the page shows, also readable by tests (`globalThis.shapeproofDemo`). */
const state = {
  losses: [] as number[],
  iou: null as number | null,
  backend: null as string | null,
  threads: 0,
  running: false,
  total: 0,
};
Object.assign(globalThis, { shapeproofDemo: state });

// ---- the loss curve ----
const lossCanvas = element<HTMLCanvasElement>("loss");

function drawLossCurve(): void {
  const ctx = lossCanvas.getContext("2d")!;
  const { width, height } = lossCanvas;
  const m = { left: 48, right: 12, top: 12, bottom: 28 };
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  const losses = state.losses;
  const total = Math.max(state.total, losses.length, 1);
  const top = Math.max(1e-6, ...losses.slice(0, 20));
  const x = (i: number): number => m.left + (i / total) * (width - m.left - m.right);
  const y = (v: number): number => m.top + (1 - Math.min(v, top) / top) * (height - m.top - m.bottom);
  ctx.strokeStyle = "#c9ced8";
  ctx.fillStyle = "#5b6475";
  ctx.font = "11px system-ui, sans-serif";
  ctx.lineWidth = 1;
  for (let t = 0; t <= 4; t++) {
    const v = (top * t) / 4;
    ctx.beginPath();
    ctx.moveTo(m.left, y(v) + 0.5);
    ctx.lineTo(width - m.right, y(v) + 0.5);
    ctx.stroke();
    ctx.fillText(v.toFixed(2), 6, y(v) + 4);
  }
  ctx.fillText(`step ${losses.length} / ${total}`, width - m.right - 100, height - 8);
  ctx.fillText("BCE loss per step (light) and its running mean (dark)", m.left, height - 8);
  const line = (values: readonly number[], color: string, widthPx: number): void => {
    if (values.length === 0) return;
    ctx.strokeStyle = color;
    ctx.lineWidth = widthPx;
    ctx.beginPath();
    values.forEach((v, i) => {
      if (i === 0) ctx.moveTo(x(i + 1), y(v));
      else ctx.lineTo(x(i + 1), y(v));
    });
    ctx.stroke();
  };
  line(losses, "#9fc3ee", 1);
  const window = 10;
  line(
    losses.map((_, i) => {
      const part = losses.slice(Math.max(0, i - window + 1), i + 1);
      return part.reduce((a, b) => a + b, 0) / part.length;
    }),
    "#1f5fbf",
    2,
  );
}

// ---- held-out predictions ----
const heldout = element<HTMLDivElement>("heldout");
const scale = 3;

function grayCanvas(values: Float32Array, size: number): HTMLCanvasElement {
  const small = document.createElement("canvas");
  small.width = small.height = size;
  const image = small.getContext("2d")!.createImageData(size, size);
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi > lo ? hi - lo : 1;
  values.forEach((v, i) => {
    const g = Math.round(((v - lo) / span) * 255);
    image.data.set([g, g, g, 255], i * 4);
  });
  small.getContext("2d")!.putImageData(image, 0, 0);
  const big = document.createElement("canvas");
  big.width = big.height = size * scale;
  const ctx = big.getContext("2d")!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, size * scale, size * scale);
  return big;
}

/** Probabilities on a fixed [0, 1] scale (not min-max): an unsure model shows gray, not contrast. */
function unitRange(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length + 2);
  out.set(values);
  out[values.length] = 0;
  out[values.length + 1] = 1;
  return out;
}

function drawHeldOut(size: number, panels: readonly HeldOutPanel[]): void {
  heldout.replaceChildren(...["input", "truth", "prediction"].map((t) => Object.assign(document.createElement("span"), { textContent: t })));
  for (const p of panels) {
    heldout.append(grayCanvas(p.input, size), grayCanvas(p.truth, size), grayCanvas(unitRange(p.prediction).subarray(0, size * size), size));
  }
}

// ---- the worker ----
const worker = new Worker("/train-worker.js", { type: "module", name: "shapeproof-train" });
const send = (message: ToWorker): void => worker.postMessage(message);
const stopButton = element<HTMLButtonElement>("stop");
const resetButton = element<HTMLButtonElement>("reset");
const downloadButton = element<HTMLButtonElement>("download");
const settings = settingsFromUrl();
state.total = settings.steps;

function showError(message: string): void {
  const e = element<HTMLParagraphElement>("trainError");
  e.textContent = message;
  e.hidden = false;
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const m = event.data;
  switch (m.type) {
    case "ready":
      state.backend = m.backend;
      state.threads = m.threads;
      element("backend").textContent = m.backend;
      element("threads").textContent = String(m.threads);
      element("params").textContent = m.params.toLocaleString("en-US");
      if (m.note !== null) Object.assign(element<HTMLParagraphElement>("note"), { textContent: m.note, hidden: false });
      resetButton.disabled = downloadButton.disabled = false;
      return;
    case "losses":
      state.losses.splice(m.from, state.losses.length - m.from, ...m.losses);
      element("step").textContent = String(state.losses.length);
      element("lossValue").textContent = m.losses.length > 0 ? m.losses[m.losses.length - 1]!.toFixed(4) : "–";
      element("speed").textContent = m.stepsPerSecond.toFixed(1);
      drawLossCurve();
      return;
    case "heldout":
      state.iou = m.iou;
      element("iou").textContent = `IoU ${m.iou.toFixed(3)} (step ${m.step})`;
      drawHeldOut(m.size, m.panels);
      return;
    case "state":
      state.running = m.running;
      if (m.step === 0) state.losses.length = 0;
      stopButton.disabled = m.step >= m.total;
      stopButton.textContent = m.running ? "Stop" : "Resume";
      element("step").textContent = String(m.step);
      drawLossCurve();
      return;
    case "weights": {
      const url = URL.createObjectURL(new Blob([m.bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
      const a = Object.assign(document.createElement("a"), { href: url, download: m.name });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return;
    }
    case "error":
      showError(`training failed: ${m.message}`);
      return;
  }
};
worker.onerror = (event) => showError(`the training worker failed: ${event.message}`);

stopButton.onclick = () => send({ type: state.running ? "stop" : "resume" });
resetButton.onclick = () => {
  state.iou = null;
  element("iou").textContent = "–";
  send({ type: "reset" });
};
downloadButton.onclick = () => send({ type: "weights" });

drawLossCurve();
send({ type: "start", settings });

// ---- the shape checks ----
const form = element<HTMLFormElement>("shapeForm");
const verdict = element<HTMLParagraphElement>("shapeVerdict");
const table = element<HTMLPreElement>("shapeTable");

function buildFromForm(): void {
  const data = new FormData(form);
  const n = (key: string): number => Number(data.get(key));
  const [inC, outC, inH, inW, baseC] = [n("inC"), n("outC"), n("inH"), n("inW"), n("baseC")];
  verdict.className = "";
  try {
    // The sizes are plain numbers here, so the eight obligations the compiler proves for literal sizes are checked
    // at run time, by the same sentences (unet2Obligations); createUNet2 throws the first that fails.
    const failure = unet2Obligations(withConfig({ baseC }), inH, inW);
    if (failure !== null) throw new ShapeError(failure);
    const model = createUNet2({ inC, outC, inH, inW, config: { baseC } });
    verdict.textContent = `The eight UNet2 size obligations hold for ${inH}x${inW}.`;
    table.textContent = model.summary(1);
    table.hidden = false;
  } catch (error) {
    verdict.className = "error";
    verdict.textContent = error instanceof Error ? error.message : String(error);
    table.hidden = true;
  }
}
form.onsubmit = (event) => {
  event.preventDefault();
  buildFromForm();
};
buildFromForm();
