/**
 * loadStateDict against PyTorch's files and PyTorch's loader: every wrong dict (missing, unexpected, mis-shaped,
 * short, without data, an unloadable dtype) is one clear error naming each key with expected vs got, and leaves every
 * parameter and buffer bit for bit as it was; a missing num_batches_tracked keeps its value, as PyTorch's loader does
 * with a plain dict; and a shapeproof state dict written as safetensors has PyTorch's keys and shapes and loads back
 * bit-identical.
 */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { parseSafetensors, serializeSafetensors } from "../../../src/io/safetensors.js";
import { BatchNorm2d } from "../../../src/nn/layers/batch-norm2d.js";
import { MultiheadAttention } from "../../../src/nn/layers/attention.js";
import { TransformerEncoderLayer } from "../../../src/nn/layers/transformer.js";
import type { Module } from "../../../src/nn/module.js";
import { createUNet } from "../../../src/nn/unet.js";
import { readFileSync } from "node:fs";
import { cases, fixturesDir, readState, type StateRef, stateDictOf } from "./fixtures.js";
import { buildSequential, sequentialCase } from "./sequential-model.js";

type Dict = Record<string, { shape: number[]; data: ArrayLike<number> }>;

/** Every tensor of the state dict, copied: what "changes nothing" compares against. */
const snapshot = (m: { stateDict(): Record<string, { data: ArrayLike<number> }> }): Record<string, number[]> =>
  Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from(t.data)]));

const unetCase = cases["unet"] as { state: StateRef; depth: number; inC: number; outC: number; baseC: number; inH: number; inW: number };
const newUNet = () =>
  createUNet({
    depth: unetCase.depth,
    inC: unetCase.inC,
    outC: unetCase.outC,
    inH: unetCase.inH,
    inW: unetCase.inW,
    baseC: unetCase.baseC,
    batchNorm: true,
  });

/** A model loaded from its fixture, with a non-zero batch count, so a load that resets it would show. */
function loadedSequential() {
  const model = buildSequential();
  model.loadStateDict(stateDictOf(sequentialCase.state));
  for (const [name, b] of model.namedBuffers()) if (name.endsWith("num_batches_tracked")) b.data[0] = 4;
  return model;
}

function expectRefused(load: () => void, model: Parameters<typeof snapshot>[0], parts: string[]): void {
  const before = snapshot(model);
  let error: unknown;
  try {
    load();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ShapeError);
  const message = (error as Error).message;
  for (const part of parts) expect(message).toContain(part);
  expect(snapshot(model), "a refused load changes nothing").toEqual(before);
}

describe("loadStateDict refuses a wrong dict with one clear error and changes nothing", () => {
  const dict = (): Dict => stateDictOf(sequentialCase.state);
  const shapeOf = (key: string): number[] => dict()[key]!.shape;
  const weights = Object.keys(dict()).filter((k) => k.endsWith("weight"));
  const [first, second] = [weights[0]!, weights.at(-1)!];

  it("a missing key: named, with its expected shape", () => {
    const model = loadedSequential();
    const d = dict();
    delete d[first];
    expectRefused(() => model.loadStateDict(d), model, [
      "Sequential loadStateDict: 1 problem(s)",
      `missing ${first} (expected [${shapeOf(first).join(", ")}])`,
    ]);
  });

  it("an unexpected key: named, with its shape (PyTorch's strict load refuses it too)", () => {
    const model = loadedSequential();
    const d: Dict = { ...dict(), "99.weight": { shape: [2], data: [1, 2] } };
    expectRefused(() => model.loadStateDict(d), model, ["1 problem(s)", "unexpected 99.weight [2]"]);
  });

  it("a wrong shape (the transposed weight): expected vs got", () => {
    const model = loadedSequential();
    const d = dict();
    const w = d[second]!;
    d[second] = { shape: [...w.shape].reverse(), data: w.data };
    const want = w.shape;
    expectRefused(() => model.loadStateDict(d), model, [`${second}: expected [${want.join(", ")}], got [${[...want].reverse().join(", ")}]`]);
  });

  it("too few values for the shape, and an entry without data", () => {
    const model = loadedSequential();
    const d = dict();
    const w = d[first]!;
    d[first] = { shape: w.shape, data: Array.from(w.data).slice(1) };
    const withoutData = d as Record<string, { shape: number[]; data?: ArrayLike<number> }>;
    withoutData[second] = { shape: d[second]!.shape };
    expectRefused(() => model.loadStateDict(withoutData), model, [
      "2 problem(s)",
      `${first}: expected ${w.data.length} values, got ${w.data.length - 1}`,
      `${second}: has no data`,
    ]);
  });

  it("every problem at once, though num_batches_tracked (optional) is missing too: its value kept", () => {
    const model = loadedSequential();
    const d = dict();
    delete d[first];
    d["extra"] = { shape: [], data: [0] };
    expectRefused(() => model.loadStateDict(d), model, ["2 problem(s)", `missing ${first}`, "unexpected extra []"]);
  });

  it("PyTorch's I64 num_batches_tracked is read as float64 and loaded as the count", () => {
    const parsed = parseSafetensors(new Uint8Array(readFileSync(fixturesDir + sequentialCase.state.file)));
    const counter = sequentialCase.state.keys.find((k) => k.endsWith("num_batches_tracked"))!;
    const entry = parsed.tensors.get(counter)!;
    expect(entry.dtype).toBe("I64");
    expect(entry.data).toBeInstanceOf(Float64Array);
    const model = buildSequential();
    model.loadStateDict(Object.fromEntries(parsed.tensors));
    const own = model.stateDict() as unknown as Record<string, { data: ArrayLike<number> }>;
    expect(Array.from(own[counter]!.data)).toEqual(Array.from(entry.data));
  });

  it("UNet: the same checks under its own name, nothing changed", () => {
    const model = newUNet();
    model.loadStateDict(stateDictOf(unetCase.state));
    const d = stateDictOf(unetCase.state);
    delete d["head.bias"];
    d["head.weight"] = { shape: [1], data: new Float32Array([1]) };
    expectRefused(() => model.loadStateDict(d), model, ["UNet loadStateDict: 2 problem(s)", "head.weight: expected", "missing head.bias"]);
  });
});

/** A state dict without its num_batches_tracked entries: an older checkpoint, or a reader that skips PyTorch's I64. */
function withoutCounts<T>(dict: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(dict).filter(([k]) => !k.endsWith("num_batches_tracked")));
}

describe("a dict without num_batches_tracked keeps the buffer's value, as PyTorch's loader does with a plain dict", () => {
  const bn = cases["bnCumulative"] as { state: StateRef; countBeforeLoad: number; countAfterLoadWithoutIt: number };

  it("BatchNorm2d (Module's loader)", () => {
    const dict = withoutCounts(stateDictOf(bn.state));
    expect(Object.keys(dict)).not.toContain("num_batches_tracked");
    const layer = new BatchNorm2d(dict["running_mean"]!.shape[0]!);
    layer.state.numBatchesTracked.data[0] = bn.countBeforeLoad;
    layer.loadStateDict(dict);
    expect([...layer.state.numBatchesTracked.data]).toEqual([bn.countAfterLoadWithoutIt]);
    expect([...layer.state.runningMean.data]).toEqual([...dict["running_mean"]!.data]);
  });

  it("UNet with batch norm loads PyTorch's file without its counts, every count kept", () => {
    const model = newUNet();
    const counters = Object.keys(model.stateDict()).filter((k) => k.endsWith("num_batches_tracked"));
    expect(counters.length).toBeGreaterThan(0);
    const own = model.stateDict() as unknown as Record<string, { data: Float32Array }>;
    for (const k of counters) own[k]!.data[0] = bn.countBeforeLoad;
    model.loadStateDict(withoutCounts(stateDictOf(unetCase.state)));
    for (const k of counters) expect([...own[k]!.data], k).toEqual([bn.countAfterLoadWithoutIt]);
  });
});

describe("round trip: shapeproof's state dict as safetensors has PyTorch's keys and shapes and loads back bit-identical", () => {
  const mha = cases["mha"] as { state: StateRef; embedDim: number; numHeads: number; bias: boolean }[];
  const tel = cases["transformer"] as {
    state: StateRef;
    dModel: number;
    nhead: number;
    dimFeedforward: number;
    normFirst: boolean;
    activation: "relu" | "gelu";
  }[];
  const models: [string, StateRef, () => Module][] = [
    ["Sequential of every layer", sequentialCase.state, () => buildSequential()],
    ["UNet with batch norm", unetCase.state, newUNet],
    ...mha.map((m): [string, StateRef, () => Module] => [
      `MultiheadAttention bias ${m.bias}`,
      m.state,
      () => new MultiheadAttention(m.embedDim, m.numHeads, { bias: m.bias }),
    ]),
    ...tel.map((t): [string, StateRef, () => Module] => [
      `TransformerEncoderLayer ${t.state.file}`,
      t.state,
      () => new TransformerEncoderLayer(t.dModel, t.nhead, { dimFeedforward: t.dimFeedforward, normFirst: t.normFirst, activation: t.activation }),
    ]),
  ];
  for (const [label, ref, make] of models) {
    it(label, () => {
      const source = make();
      source.loadStateDict(stateDictOf(ref));
      const bytes = serializeSafetensors(source.stateDict());
      const written = parseSafetensors(bytes);
      const pytorch = readState(ref);
      expect(pytorch.skipped).toEqual([]);
      const pytorchShapes = new Map<string, number[]>([...pytorch.tensors].map(([k, t]): [string, number[]] => [k, t.shape]));
      expect([...written.tensors.keys()].sort()).toEqual([...pytorchShapes.keys()].sort());
      for (const [k, t] of written.tensors) {
        expect(t.shape, k).toEqual(pytorchShapes.get(k));
        // F32 everywhere; PyTorch's num_batches_tracked is I64 (docs: the model's dtype here), which its loader converts
        expect(t.dtype, k).toBe("F32");
      }
      const target = make();
      target.loadStateDict(Object.fromEntries(written.tensors));
      const a = source.stateDict();
      const b = target.stateDict();
      const raw = (t: { data: Float32Array | Float64Array }): Uint8Array => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      for (const k of Object.keys(a)) expect(raw(b[k]!), k).toEqual(raw(a[k]!));
    });
  }
});
