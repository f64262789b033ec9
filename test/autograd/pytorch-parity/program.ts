/**
 * Runs the programs of test/autograd/pytorch-parity/fixtures/ (written by scripts/golden/autograd-parity.py from
 * PyTorch) through shapeproof's ops and tape: every input a tensor (requiring grad unless listed in `noGrad`),
 * the steps in order, then `backward(gy)` (or `backward()` when gy is null), and each input's `.grad`. Every
 * shape, parameter and number comes from the file.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import {
  abs,
  add,
  clamp,
  div,
  elu,
  exp,
  gelu,
  leakyRelu,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  sigmoid,
  silu,
  softplus,
  sqrt,
  sub,
  tanh,
  where,
} from "../../../src/ops/elementwise/index.js";
import { conv2d } from "../../../src/ops/conv2d.js";
import { avgPool2d } from "../../../src/ops/image/avg-pool2d.js";
import { scaledDotProductAttention } from "../../../src/ops/linalg/attention.js";
import { linear } from "../../../src/ops/linalg/linear.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import { maxPool2d } from "../../../src/ops/max-pool2d.js";
import { embedding } from "../../../src/ops/norm/embedding.js";
import { groupNorm } from "../../../src/ops/norm/group-norm.js";
import { layerNorm } from "../../../src/ops/norm/layer-norm.js";
import { amax, amin, logSoftmax, logsumexp, mean, softmax, sum, variance } from "../../../src/ops/reduce/index.js";
import { relu } from "../../../src/ops/relu.js";
import { cat, flatten, narrow, permute, reshape, squeeze, stack, transpose, unsqueeze, view } from "../../../src/ops/shape/index.js";
import { type Tensor, tensor } from "../../../src/tensor/tensor.js";
import { bceWithLogits, crossEntropy, huber, mse, nllLoss, type Reduction, smoothL1 } from "../../../src/train/index.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";

export type AnyTensor = Tensor<Shape, DType>;

/** A number as the file writes it: JSON has no NaN, infinities or -0, so those are strings. */
export type Encoded = number | "NaN" | "Infinity" | "-Infinity" | "-0";

export interface FixtureTensor {
  readonly shape: number[];
  readonly data: Encoded[];
}

export interface Step {
  readonly op: string;
  readonly args: (string | null)[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly out: string;
}

export interface Expected {
  readonly output: FixtureTensor;
  readonly grads: Readonly<Record<string, FixtureTensor | null>>;
}

export interface Program {
  readonly name: string;
  readonly inputs: Readonly<Record<string, FixtureTensor>>;
  readonly noGrad: readonly string[];
  readonly steps: readonly Step[];
  readonly result: string;
  readonly gy: FixtureTensor | null;
  readonly want: Readonly<Record<DType, Expected>>;
}

export function loadPrograms(file: string): Program[] {
  const url = new URL(`./fixtures/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { cases: Program[] }).cases;
}

export function decode(v: Encoded): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  return -0;
}

export function fixtureTensor(t: FixtureTensor, dtype: DType, requiresGrad = false): AnyTensor {
  return tensor(t.shape as [number], t.data.map(decode), { dtype, requiresGrad }) as AnyTensor;
}

function num(p: Readonly<Record<string, unknown>>, key: string): number {
  const v = p[key];
  if (typeof v !== "number") throw new Error(`param ${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function ints(p: Readonly<Record<string, unknown>>, key: string): number[] {
  const v = p[key];
  if (!Array.isArray(v) || !v.every((d) => typeof d === "number")) throw new Error(`param ${key} must be a list of numbers`);
  return v as number[];
}

function reduction(p: Readonly<Record<string, unknown>>): Reduction {
  const r = p["reduction"];
  if (r !== "mean" && r !== "sum" && r !== "none") throw new Error(`reduction ${String(r)}`);
  return r;
}

type Binary = (a: AnyTensor | number, b: AnyTensor | number) => AnyTensor;

const binaries: Readonly<Record<string, Binary>> = {
  add: (a, b) => add(a, b) as AnyTensor,
  sub: (a, b) => sub(a, b) as AnyTensor,
  mul: (a, b) => mul(a, b) as AnyTensor,
  div: (a, b) => div(a, b) as AnyTensor,
  pow: (a, b) => pow(a, b) as AnyTensor,
  maximum: (a, b) => maximum(a, b) as AnyTensor,
  minimum: (a, b) => minimum(a, b) as AnyTensor,
};

const unaries: Readonly<Record<string, (x: AnyTensor) => AnyTensor>> = { neg, exp, log, sqrt, abs, sigmoid, tanh, silu, relu };

/** One step: the op named by the file, called with PyTorch's parameters in our option names. */
function runStep(op: string, args: (AnyTensor | null)[], p: Readonly<Record<string, unknown>>): AnyTensor {
  const x = args[0]!;
  const binary = binaries[op];
  if (binary !== undefined) {
    if ("scalar" in p) return binary(x, num(p, "scalar"));
    if ("scalarLeft" in p) return binary(num(p, "scalarLeft"), x);
    return binary(x, args[1]!);
  }
  const unary = unaries[op];
  if (unary !== undefined) return unary(x);
  const reduceOptions = { dim: p["dim"] as number | number[] | null, keepdim: p["keepdim"] === true };
  switch (op) {
    case "where":
      return where(args[0]!, args[1]!, args[2]!) as AnyTensor;
    case "clamp":
      return clamp(x, { ...("min" in p ? { min: num(p, "min") } : {}), ...("max" in p ? { max: num(p, "max") } : {}) });
    case "gelu": {
      const approximate = p["approximate"];
      if (approximate !== "none" && approximate !== "tanh") throw new Error(`gelu approximate ${String(approximate)}`);
      return gelu(x, { approximate });
    }
    case "leakyRelu":
      return leakyRelu(x, { negativeSlope: num(p, "negativeSlope") });
    case "softplus":
      return softplus(x, { beta: num(p, "beta"), threshold: num(p, "threshold") });
    case "elu":
      return elu(x, { alpha: num(p, "alpha") });
    case "reshape":
      return reshape(x, ints(p, "shape"));
    case "view":
      return view(x, ints(p, "shape"));
    case "permute":
      return permute(x, ints(p, "dims"));
    case "transpose":
      return transpose(x, num(p, "dim0"), num(p, "dim1"));
    case "narrow":
      return narrow(x, num(p, "dim"), num(p, "start"), num(p, "length"));
    case "squeeze":
      return p["dim"] === null || p["dim"] === undefined ? squeeze(x) : squeeze(x, num(p, "dim"));
    case "unsqueeze":
      return unsqueeze(x, num(p, "dim"));
    case "flatten":
      return flatten(x, num(p, "startDim"), num(p, "endDim"));
    case "cat":
      return cat(args as AnyTensor[], num(p, "dim"));
    case "stack":
      return stack(args as AnyTensor[], num(p, "dim"));
    case "sum":
      return sum(x, reduceOptions);
    case "mean":
      return mean(x, reduceOptions);
    case "amax":
      return amax(x, reduceOptions);
    case "amin":
      return amin(x, reduceOptions);
    case "logsumexp":
      return logsumexp(x, reduceOptions);
    case "var":
      return variance(x, { ...reduceOptions, correction: num(p, "correction") });
    case "softmax":
      return softmax(x, num(p, "dim"));
    case "logSoftmax":
      return logSoftmax(x, num(p, "dim"));
    case "matmul":
      return matmul(args[0]!, args[1]!) as AnyTensor;
    case "layerNorm":
      return layerNorm(x, ints(p, "normalizedShape"), args[1], args[2], { eps: num(p, "eps") });
    case "groupNorm":
      return groupNorm(x, num(p, "numGroups"), args[1], args[2], { eps: num(p, "eps") });
    case "detach":
      return x.detach();
    case "linear":
      return linear(x, args[1]!, args[2]) as AnyTensor;
    case "attention":
      return scaledDotProductAttention(x, args[1]!, args[2]!, {
        attnMask: args[3],
        isCausal: p["isCausal"] === true,
        ...(typeof p["scale"] === "number" ? { scale: p["scale"] } : {}),
      }) as AnyTensor;
    case "embedding":
      return embedding(x, args[1]!, { paddingIdx: typeof p["paddingIdx"] === "number" ? p["paddingIdx"] : null }) as AnyTensor;
    case "maxPool2d":
      return maxPool2d(x, {
        kernel: num(p, "kernel"),
        ...("stride" in p ? { stride: num(p, "stride") } : {}),
        ...("padding" in p ? { padding: num(p, "padding") } : {}),
        ceilMode: p["ceilMode"] === true,
      }) as AnyTensor;
    case "avgPool2d":
      return avgPool2d(x, {
        kernel: num(p, "kernel"),
        ...("stride" in p ? { stride: num(p, "stride") } : {}),
        ...("padding" in p ? { padding: num(p, "padding") } : {}),
        ceilMode: p["ceilMode"] === true,
        countIncludePad: p["countIncludePad"] !== false,
      }) as AnyTensor;
    case "conv2d":
      return conv2d(x, args[1]!, args[2], {
        ...("stride" in p ? { stride: num(p, "stride") } : {}),
        ...("padding" in p ? { padding: num(p, "padding") } : {}),
        ...("dilation" in p ? { dilation: num(p, "dilation") } : {}),
      }) as AnyTensor;
    case "mse":
      return mse(x, args[1]!, { reduction: reduction(p) }) as AnyTensor;
    case "huber":
      return huber(x, args[1]!, { reduction: reduction(p), delta: num(p, "delta") }) as AnyTensor;
    case "smoothL1":
      return smoothL1(x, args[1]!, { reduction: reduction(p), beta: num(p, "beta") }) as AnyTensor;
    case "bceWithLogits":
      return bceWithLogits(x, args[1]!, { reduction: reduction(p) }) as AnyTensor;
    case "crossEntropy":
      return crossEntropy(x, args[1]!, {
        weight: args[2],
        reduction: reduction(p),
        ignoreIndex: num(p, "ignoreIndex"),
        labelSmoothing: num(p, "labelSmoothing"),
      }) as AnyTensor;
    case "nllLoss":
      return nllLoss(x, args[1]!, { weight: args[2], reduction: reduction(p), ignoreIndex: num(p, "ignoreIndex") }) as AnyTensor;
    default:
      throw new Error(`no caller for op ${op}`);
  }
}

export interface ProgramRun {
  readonly output: AnyTensor;
  readonly inputs: Readonly<Record<string, AnyTensor>>;
}

/** The program's inputs as tensors, requiring grad unless listed in `noGrad`. */
export function programInputs(c: Program, dtype: DType): Record<string, AnyTensor> {
  const inputs: Record<string, AnyTensor> = {};
  for (const [name, t] of Object.entries(c.inputs)) inputs[name] = fixtureTensor(t, dtype, !c.noGrad.includes(name));
  return inputs;
}

/** Runs the steps (no backward) on `inputs` (fresh ones by default). */
export function forward(c: Program, dtype: DType, inputs: Readonly<Record<string, AnyTensor>> = programInputs(c, dtype)): ProgramRun {
  const env = new Map<string, AnyTensor>(Object.entries(inputs));
  for (const s of c.steps) {
    const args = s.args.map((a) => (a === null ? null : env.get(a)!));
    env.set(s.out, runStep(s.op, args, s.params));
  }
  return { output: env.get(c.result)!, inputs };
}

/** Forward, then backward as the file says (with gy, or without for a one-element result). */
export function runProgram(c: Program, dtype: DType): ProgramRun {
  const run = forward(c, dtype);
  if (c.gy === null) run.output.backward();
  else run.output.backward(fixtureTensor(c.gy, dtype));
  return run;
}

/**
 * `got` against PyTorch's `want`: |got − want| ≤ atol + rtol·|want|, NaN only where PyTorch has NaN, an infinity
 * only where PyTorch has the same one.
 */
export function expectMatches(got: ArrayLike<number>, want: FixtureTensor, label: string, atol: number, rtol: number, signedZeros = false): void {
  expect(got.length, `${label}: length`).toBe(want.data.length);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = decode(want.data[i]!);
    const ok = Number.isNaN(w) ? Number.isNaN(g) : Number.isFinite(w) ? Math.abs(g - w) <= atol + rtol * Math.abs(w) : g === w;
    if (ok && signedZeros && w === 0 && g === 0 && Object.is(w, -0) !== Object.is(g, -0))
      expect.fail(`${label}: element ${i} is ${Object.is(g, -0) ? "-0" : "+0"}, PyTorch's is ${Object.is(w, -0) ? "-0" : "+0"}`);
    if (!ok) expect.fail(`${label}: element ${i} is ${g}, PyTorch's is ${w} (of ${got.length}; tolerance ${atol} + ${rtol}·|want|)`);
  }
}

export const tolerance: Readonly<Record<DType, number>> = { float32: 1e-4, float64: 1e-10 };

/**
 * Ops whose forward sign of zero is not compared: relu(-0) is +0 here and -0 in PyTorch (its clamp_min keeps x
 * when x is not below 0), a difference not (yet) in docs/ops.md.
 */
const zeroSignUnchecked = new Set(["relu"]);

/**
 * Runs one program and compares its output and every input's gradient with PyTorch's. `signedZeros`: the
 * output's zeros must carry PyTorch's sign too (for hand-made cases, where the op's rule fixes it; a product or
 * sum of zeros in a random program has no sign to speak of).
 */
export function checkProgram(c: Program, dtype: DType, signedZeros = false): void {
  const want = c.want[dtype];
  const { output, inputs } = runProgram(c, dtype);
  const tol = tolerance[dtype];
  expect(output.shape, `${c.name}: output shape`).toEqual(want.output.shape);
  expect(output.dtype).toBe(dtype);
  const signs = signedZeros && !c.steps.some((s) => zeroSignUnchecked.has(s.op));
  expectMatches(output.data, want.output, `${c.name} output`, tol, tol, signs);
  for (const [name, x] of Object.entries(inputs)) {
    const w = want.grads[name];
    if (w === undefined || w === null) {
      expect(x.grad, `${c.name}: ${name} has no gradient in PyTorch`).toBeNull();
      continue;
    }
    expect(x.grad, `${c.name}: grad of ${name}`).not.toBeNull();
    expect(x.grad!.shape, `${c.name}: grad of ${name} shape`).toEqual(w.shape);
    expectMatches(x.grad!.data, w, `${c.name} grad ${name}`, tol, tol);
  }
}
