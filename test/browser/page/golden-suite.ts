/**
 * PyTorch's golden cases (test/golden/*.json: conv2d, convTranspose2d, maxPool2d, relu / concat, UNet2, and the
 * cases of tensor_ops.json: elementwise, matmul, linear, reductions, softmax, shape, image, norms, losses; and
 * attention.json's scaledDotProductAttention), run
 * inside a browser page or a Worker through the typed ops, forward and every gradient, in float32 and float64,
 * on the JS backend or the WebAssembly backend with a given thread count. The files are fetched from the test
 * server; nothing here uses Node or vitest (test/browser/golden.test.ts bundles it with esbuild). Returns every
 * comparison that failed, as a sentence, so the Node side can print them.
 */
import {
  createWasmBackend,
  createUNet2,
  jsBackend,
  moveToBackend,
  tensor,
  tidy,
  useBackend,
  type DType,
  type Shape,
  type Tensor,
} from "../../../src/index.js";
import { concat, concatBackward } from "../../../src/ops/concat.js";
import { convTranspose2d, convTranspose2dBackward } from "../../../src/ops/conv-transpose2d.js";
import { conv2d, conv2dBackward } from "../../../src/ops/conv2d.js";
import { maxPool2dBackward, maxPool2dWithIndices } from "../../../src/ops/max-pool2d.js";
import { relu, reluBackward } from "../../../src/ops/relu.js";
import type { GoldenCase, GoldenTensor } from "../../helpers/golden.js";
import { callFor, hasOpCall } from "../../helpers/op-calls/index.js";
import { runTensorOpCase, type TensorOpCase, type TensorOpRun, tensorOpDTypes } from "../../helpers/op-calls/run-case.js";

export interface SuiteBackend {
  readonly kind: "js" | "wasm";
  /** wasm only. */
  readonly threads?: number;
}

export interface SuiteResult {
  /** The backend's name as it reports it ("js", "wasm-simd-2t"). */
  readonly backend: string;
  readonly threads: number;
  /** Tensors compared. */
  readonly compared: number;
  readonly cases: number;
  /** Cases of tensor_ops.json run (each in float32 and float64): those whose op test/helpers/op-calls calls. */
  readonly tensorOpCases: number;
  readonly failures: readonly string[];
}

const dtypes = tensorOpDTypes;

/** The golden README's tolerance for a float32 implementation: |got - want| <= 1e-4 + 1e-4 * |want|. */
const ATOL = 1e-4;
const RTOL = 1e-4;

class Checker {
  compared = 0;
  readonly failures: string[] = [];

  tensor(got: Tensor<readonly number[], DType>, want: GoldenTensor, label: string, dtype?: DType): void {
    this.compared++;
    if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) {
      this.failures.push(`${label}: shape ${JSON.stringify(got.shape)}, want ${JSON.stringify(want.shape)}`);
      return;
    }
    if (dtype !== undefined && got.dtype !== dtype) this.failures.push(`${label}: dtype ${got.dtype}, want ${dtype}`);
    this.values(got.data, want.data, label);
  }

  values(got: ArrayLike<number>, want: ArrayLike<number>, label: string): void {
    if (got.length !== want.length) {
      this.failures.push(`${label}: length ${got.length}, want ${want.length}`);
      return;
    }
    for (let i = 0; i < want.length; i++) {
      const excess = Math.abs(got[i]! - want[i]!) - (ATOL + RTOL * Math.abs(want[i]!));
      if (!(excess <= 0)) {
        this.failures.push(`${label}: element ${i} is ${got[i]}, want ${want[i]}`);
        return;
      }
    }
  }
}

function pair(c: GoldenCase, key: string, fallback?: number): [number, number] {
  const v = c.params[key] ?? fallback;
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "number") return [v[0], v[1]];
  throw new Error(`${c.name}.${key}: expected a number or [h, w], got ${JSON.stringify(v)}`);
}
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}
const input = (c: GoldenCase, key: string): GoldenTensor => need(c.inputs[key], `${c.name} input ${key}`);
const grad = (c: GoldenCase, key: string): GoldenTensor => need(c.grads?.[key], `${c.name} gradient ${key}`);
const dynamic = (t: GoldenTensor, dtype: DType): Tensor<number[], DType> => tensor<number[], DType>(t.shape, t.data, { dtype });

async function load(base: string, file: string): Promise<GoldenCase[]> {
  const response = await fetch(`${base}${file}`);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return ((await response.json()) as { cases: GoldenCase[] }).cases;
}

function convCases(cases: readonly GoldenCase[], check: Checker): void {
  for (const c of cases)
    for (const dtype of dtypes) {
      const label = `conv2d ${c.name} ${dtype}`;
      const x = dynamic(input(c, "x"), dtype);
      const w = dynamic(input(c, "weight"), dtype);
      const b = c.inputs["bias"] === undefined ? null : dynamic(input(c, "bias"), dtype);
      const options = { stride: pair(c, "stride"), padding: pair(c, "padding"), dilation: pair(c, "dilation", 1) };
      check.tensor(conv2d(x, w, b, options), need(c.output, "output"), `${label} y`, dtype);
      const g = conv2dBackward(x, w, dynamic(need(c.gy, "gy"), dtype), options, { bias: b !== null });
      check.tensor(g.dx, grad(c, "x"), `${label} dx`, dtype);
      check.tensor(g.dWeight, grad(c, "weight"), `${label} dWeight`, dtype);
      if (b !== null) check.tensor(need(g.dBias ?? undefined, "dBias"), grad(c, "bias"), `${label} dBias`, dtype);
    }
}

function convTransposeCases(cases: readonly GoldenCase[], check: Checker): void {
  for (const c of cases)
    for (const dtype of dtypes) {
      const label = `convTranspose2d ${c.name} ${dtype}`;
      const x = dynamic(input(c, "x"), dtype);
      const w = dynamic(input(c, "weight"), dtype);
      const b = c.inputs["bias"] === undefined ? null : dynamic(input(c, "bias"), dtype);
      const options = {
        stride: pair(c, "stride"),
        padding: pair(c, "padding"),
        outputPadding: pair(c, "outputPadding", 0),
        dilation: pair(c, "dilation", 1),
      };
      check.tensor(convTranspose2d(x, w, b, options), need(c.output, "output"), `${label} y`, dtype);
      const g = convTranspose2dBackward(x, w, dynamic(need(c.gy, "gy"), dtype), options, { bias: b !== null });
      check.tensor(g.dx, grad(c, "x"), `${label} dx`, dtype);
      check.tensor(g.dWeight, grad(c, "weight"), `${label} dWeight`, dtype);
      if (b !== null) check.tensor(need(g.dBias ?? undefined, "dBias"), grad(c, "bias"), `${label} dBias`, dtype);
    }
}

function maxPoolCases(cases: readonly GoldenCase[], check: Checker): void {
  for (const c of cases)
    for (const dtype of dtypes) {
      const label = `maxPool2d ${c.name} ${dtype}`;
      const kernel = pair(c, "kernel");
      const ceilMode = c.params["ceilMode"] ?? false;
      if (typeof ceilMode !== "boolean") throw new Error(`${c.name}: ceilMode must be a boolean`);
      const options = {
        kernel,
        stride: c.params["stride"] === undefined ? kernel : pair(c, "stride"),
        padding: pair(c, "padding", 0),
        dilation: pair(c, "dilation", 1),
        ceilMode,
      };
      const pooled = maxPool2dWithIndices(dynamic(input(c, "x"), dtype), options);
      check.tensor(pooled.output, need(c.output, "output"), `${label} y`, dtype);
      check.tensor(maxPool2dBackward(dynamic(need(c.gy, "gy"), dtype), pooled.saved), grad(c, "x"), `${label} dx`, dtype);
    }
}

function elementwiseCases(cases: readonly GoldenCase[], check: Checker): void {
  for (const c of cases)
    for (const dtype of dtypes) {
      const label = `${c.op} ${c.name} ${dtype}`;
      const dy = dynamic(need(c.gy, "gy"), dtype);
      if (c.op === "relu") {
        const y = relu(dynamic(input(c, "x"), dtype));
        check.tensor(y, need(c.output, "output"), `${label} y`, dtype);
        check.tensor(reluBackward(dy, y), grad(c, "x"), `${label} dx`, dtype);
      } else if (c.op === "concat") {
        const axis = c.params["axis"];
        if (typeof axis !== "number") throw new Error(`${c.name}: axis must be a number`);
        const names = Object.keys(c.inputs); // insertion order is the concat order
        const parts = names.map((k) => dynamic(input(c, k), dtype));
        check.tensor(concat(parts, axis), need(c.output, "output"), `${label} y`, dtype);
        const grads = concatBackward(dy, parts, axis);
        names.forEach((k, i) => {
          check.tensor(need(grads[i], `d${k}`), grad(c, k), `${label} d${k}`, dtype);
        });
      } else {
        check.failures.push(`${label}: unknown op ${c.op}`);
      }
    }
}

/** The ops and losses of tensor_ops.json through the tape, run by the same code as test/helpers/tensor-ops.ts. */
function tensorOpsCases(cases: readonly TensorOpCase[], check: Checker): void {
  for (const c of cases)
    for (const dtype of dtypes) {
      const label = `${c.op} ${c.name} ${dtype}`;
      let run: TensorOpRun;
      try {
        run = runTensorOpCase(c, dtype, callFor(c.op));
      } catch (error) {
        check.failures.push(`${label}: threw ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      check.tensor(run.output, need(c.output, "output"), `${label} y`, dtype);
      for (const [name, got] of Object.entries(run.grads)) {
        const want = c.grads?.[name];
        if (want === undefined) {
          if (got !== null) check.failures.push(`${label}: ${name} got a gradient, the file has none`);
        } else if (got === null) check.failures.push(`${label}: ${name} got no gradient`);
        else check.tensor(got, want, `${label} d${name}`, dtype);
      }
    }
}

function unet2Cases(cases: readonly GoldenCase[], check: Checker, where = "", moved = false): void {
  for (const c of cases) {
    const { inC, outC, baseC, inH, inW } = c.params as Record<string, number>;
    const model = createUNet2({ inC: inC!, outC: outC!, inH: inH!, inW: inW!, config: { baseC: baseC! } });
    model.loadStateDict(need(c.stateDict, "stateDict"));
    if (moved) model.moveToBackend();
    const x = tensor(input(c, "x").shape, input(c, "x").data) as Tensor<Shape, "float32">;
    const gy = tensor(need(c.gy, "gy").shape, need(c.gy, "gy").data) as Tensor<Shape, "float32">;
    const { output, trace } = model.forwardTraced(x);
    check.tensor(output, need(c.output, "output"), `unet2${where} ${c.name} output`);
    const { grads, dx } = model.backward(x, gy, { trace });
    const flat = grads as unknown as Record<string, Tensor<Shape, "float32">>;
    const names = Object.keys(need(c.grads, "grads"));
    if (names.length !== Object.keys(need(c.stateDict, "stateDict")).length + 1)
      check.failures.push(`unet2 ${c.name}: ${names.length} gradients in the file`);
    for (const name of names)
      check.tensor(name === "x" ? dx : need(flat[name], `grad ${name}`), grad(c, name), `unet2${where} ${c.name} grad ${name}`);
  }
}

/** Whether a conv's output made now stays in the backend's memory (true only inside tidy on a backend with a resident heap). */
function residentOutput(): boolean {
  const x = tensor([1, 1, 4, 4], new Float32Array(16)) as Tensor<Shape, "float32">;
  const w = tensor([1, 1, 1, 1], [1]) as Tensor<Shape, "float32">;
  return conv2d(x, w).isResident;
}

/** Runs every golden case on `backend`; `base` is the URL of test/golden/ on the server. */
export async function runGoldenSuite(base: string, backend: SuiteBackend): Promise<SuiteResult> {
  const [conv, convT, pool, elementwise, unet2, tensorOps, attention] = await Promise.all(
    ["conv2d.json", "convTranspose2d.json", "maxPool2d.json", "elementwise.json", "unet2.json", "tensor_ops.json", "attention.json"].map((f) =>
      load(base, f),
    ),
  );
  const generalOps = [...(tensorOps as TensorOpCase[]), ...(attention as TensorOpCase[])].filter((c) => hasOpCall(c.op));
  const kernels = backend.kind === "js" ? jsBackend : await createWasmBackend({ threads: backend.threads ?? 1 });
  const previous = useBackend(kernels);
  const check = new Checker();
  try {
    convCases(conv!, check);
    convTransposeCases(convT!, check);
    maxPoolCases(pool!, check);
    elementwiseCases(elementwise!, check);
    unet2Cases(unet2!, check);
    // again inside tidy: on WebAssembly with shared memory (a cross-origin isolated page) the activations and
    // gradients stay in WebAssembly memory between the ops
    const resident = tidy(() => {
      unet2Cases(unet2!, check, " in tidy");
      return residentOutput();
    });
    const sharesMemory = backend.kind === "wasm" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    if (resident !== sharesMemory) check.failures.push(`inside tidy an op's output ${resident ? "stayed" : "did not stay"} in WebAssembly memory`);
    // and with the parameters moved into the backend's memory (where it keeps tensors; else they stay in JS)
    tidy(() => unet2Cases(unet2!, check, " with its parameters moved", true));
    const moved = moveToBackend([tensor([4], [1, 2, 3, 4]) as Tensor<Shape, "float32">]) === 1;
    if (moved !== sharesMemory) check.failures.push(`moveToBackend ${moved ? "moved" : "did not move"} a float32 tensor into WebAssembly memory`);
    tensorOpsCases(generalOps, check);
  } finally {
    useBackend(previous);
    if ("close" in kernels && typeof kernels.close === "function") kernels.close();
  }
  const cases = [conv, convT, pool, elementwise, unet2, generalOps].reduce((n, cs) => n + cs!.length, 0);
  const threads = "threads" in kernels && typeof kernels.threads === "number" ? kernels.threads : 1;
  return { backend: kernels.name, threads, compared: check.compared, cases, tensorOpCases: generalOps.length, failures: check.failures };
}
