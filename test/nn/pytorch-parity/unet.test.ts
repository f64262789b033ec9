/**
 * docs/unet-beyond.md's PyTorch UNet (depth 2, batch norm) reproduced from the safetensors file PyTorch writes for
 * it: the file loads as parsed (its I64 num_batches_tracked skipped), then output, dx and every gradient in eval and
 * train mode, and the running statistics after a train-mode forward. The same class with padding 0
 * (createUNetClassic, depth 1, batch norm) in train mode, then in eval mode on the updated statistics.
 */
import { expect, it } from "vitest";
import { createUNet } from "../../../src/nn/unet.js";
import { createUNetClassic } from "../../../src/nn/unet-classic.js";
import { tensor } from "../../../src/tensor/tensor.js";
import { cases, describeOnEveryBackend, expectClose, type GoldenTensor, type StateRef, stateDictOf, toTensor } from "./fixtures.js";

interface Pass {
  readonly output: GoldenTensor;
  readonly gradX: GoldenTensor;
  readonly grads: Record<string, GoldenTensor>;
  readonly buffersAfter?: Record<string, GoldenTensor>;
}

interface UNetCase {
  readonly state: StateRef;
  readonly depth: number;
  readonly inC: number;
  readonly outC: number;
  readonly baseC: number;
  readonly inH: number;
  readonly inW: number;
  readonly x: GoldenTensor;
  readonly gy: GoldenTensor;
  readonly eval: Pass;
  readonly train: Pass;
}

const c = cases["unet"] as UNetCase;

function loaded() {
  const model = createUNet({ depth: c.depth, inC: c.inC, outC: c.outC, inH: c.inH, inW: c.inW, baseC: c.baseC, batchNorm: true });
  model.loadStateDict(stateDictOf(c.state));
  return model;
}

function run(pass: Pass, mode: "eval" | "train"): ReturnType<typeof loaded> {
  const model = loaded();
  model.train(mode === "train");
  const x = tensor(c.x.shape, c.x.data);
  const { output, trace } = model.forwardTraced(x);
  expectClose(output.data, pass.output, `${mode}: output`);
  const { grads, dx } = model.backward(x, toTensor(c.gy), { trace });
  expectClose(dx.data, pass.gradX, `${mode}: dx`);
  const got = grads as unknown as Record<string, { data: ArrayLike<number> }>;
  expect(Object.keys(got).sort(), `${mode}: gradient names`).toEqual(Object.keys(pass.grads).sort());
  for (const [name, want] of Object.entries(pass.grads)) expectClose(got[name]!.data, want, `${mode}: grad ${name}`);
  return model;
}

describeOnEveryBackend("PyTorch's UNet (docs/unet-beyond.md) with batch norm, from its safetensors file", () => {
  it("stateDict has exactly PyTorch's keys", () => {
    const model = createUNet({ depth: c.depth, inC: c.inC, outC: c.outC, inH: c.inH, inW: c.inW, baseC: c.baseC, batchNorm: true });
    expect(Object.keys(model.stateDict()).sort()).toEqual([...c.state.keys].sort());
  });

  it("loads the parsed file, PyTorch's I64 num_batches_tracked as the counts", () => {
    const model = loaded();
    const file = stateDictOf(c.state);
    const counters = Object.keys(file).filter((name) => name.endsWith("num_batches_tracked"));
    expect(counters.length).toBeGreaterThan(0);
    const own = model.stateDict() as unknown as Record<string, { data: ArrayLike<number> }>;
    for (const name of counters) expect(Array.from(own[name]!.data), name).toEqual(Array.from(file[name]!.data));
  });

  it("eval mode: output, dx and every gradient", () => {
    run(c.eval, "eval");
  });

  it("train mode: output, dx, every gradient, and the running statistics after one forward", () => {
    const model = run(c.train, "train");
    const dict = model.stateDict() as unknown as Record<string, { data: ArrayLike<number> }>;
    // num_batches_tracked included: counted on from the file's
    for (const [name, want] of Object.entries(c.train.buffersAfter!)) expectClose(dict[name]!.data, want, `train: buffer ${name}`);
  });
});

interface ClassicCase extends Omit<UNetCase, "eval" | "train"> {
  readonly train: Pass;
  readonly evalOutputAfterTrain: GoldenTensor;
}

const classic = cases["unetClassic"] as ClassicCase;

describeOnEveryBackend("PyTorch's UNet with padding 0 (createUNetClassic: centre-cropped skips) and batch norm", () => {
  it("train mode: output, dx, every gradient and buffer; then eval mode on the updated running statistics", () => {
    const k = classic;
    const model = createUNetClassic({ depth: k.depth, inC: k.inC, outC: k.outC, inH: k.inH, inW: k.inW, baseC: k.baseC, batchNorm: true });
    expect(Object.keys(model.stateDict()).sort()).toEqual([...k.state.keys].sort());
    model.loadStateDict(stateDictOf(k.state));
    model.train();
    const x = tensor(k.x.shape, k.x.data);
    const { output, trace } = model.forwardTraced(x);
    expectClose(output.data, k.train.output, "train: output");
    const { grads, dx } = model.backward(x, toTensor(k.gy), { trace });
    expectClose(dx.data, k.train.gradX, "train: dx");
    const got = grads as unknown as Record<string, { data: ArrayLike<number> }>;
    expect(Object.keys(got).sort()).toEqual(Object.keys(k.train.grads).sort());
    for (const [name, want] of Object.entries(k.train.grads)) expectClose(got[name]!.data, want, `train: grad ${name}`);
    const dict = model.stateDict() as unknown as Record<string, { data: ArrayLike<number> }>;
    for (const [name, want] of Object.entries(k.train.buffersAfter!)) expectClose(dict[name]!.data, want, `buffer ${name}`);
    model.eval();
    expectClose(model.forward(x).data, k.evalOutputAfterTrain, "eval after train: output");
  });
});
