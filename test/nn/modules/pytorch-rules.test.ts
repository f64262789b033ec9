/**
 * Module rules PyTorch fixes, each asserted from its definition: a shared layer's parameters are listed once (so an
 * optimizer steps them once), a layer with fan_in 0 gets a zero bias, Embedding checks paddingIdx when made, and a
 * batch norm state dict without num_batches_tracked loads.
 */
import { describe, expect, it } from "vitest";
import { ReLU } from "../../../src/nn/layers/activations.js";
import { BatchNorm2d } from "../../../src/nn/layers/batch-norm2d.js";
import { Conv2d } from "../../../src/nn/layers/conv2d.js";
import { Embedding } from "../../../src/nn/layers/embedding.js";
import { Linear } from "../../../src/nn/layers/linear.js";
import { Sequential } from "../../../src/nn/sequential.js";
import { sum } from "../../../src/ops/reduce/sum.js";
import { ShapeError } from "../../../src/errors.js";
import { randn, tensor } from "../../../src/tensor/tensor.js";
import { sgd } from "../../../src/train/index.js";

describe("Module.parameters() with a shared layer (PyTorch: each parameter once, remove_duplicate=True)", () => {
  it("lists a layer used twice once, at its first name; the state dict keeps both names, as PyTorch's", () => {
    const lin = new Linear(2, 2, { dtype: "float64", seed: 1 });
    const seq = new Sequential(lin, new ReLU(), lin);
    expect(seq.namedParameters().map(([name]) => name)).toEqual(["0.weight", "0.bias"]);
    expect(seq.parameters()).toEqual([lin.weight, lin.bias]);
    expect(seq.namedModules().map(([name]) => name)).toEqual(["", "0", "1"]);
    expect(Object.keys(seq.stateDict())).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
  });

  it("so one sgd step moves a shared weight by lr·grad, not twice that", () => {
    const lin = new Linear(2, 2, { dtype: "float64", seed: 1 });
    const seq = new Sequential(lin, new ReLU(), lin);
    const lr = 0.1;
    const opt = sgd(seq.parameters(), { lr });
    const before = Float64Array.from(lin.weight.data);
    lin.weight.grad = tensor([2, 2], new Float64Array([1, 1, 1, 1]), { dtype: "float64" });
    lin.bias!.grad = tensor([2], new Float64Array([1, 1]), { dtype: "float64" });
    opt.step();
    for (let i = 0; i < before.length; i++) expect(lin.weight.data[i]).toBeCloseTo(before[i]! - lr, 12);
  });
});

describe("default init with fan_in 0 (PyTorch: bias bound is 0 when fan_in is 0, so the bias is zeros)", () => {
  it("Linear(0, 3) has a finite (zero) bias", () => {
    const lin = new Linear(0, 3, { dtype: "float64", seed: 1 });
    expect([...lin.bias!.data]).toEqual([0, 0, 0]);
  });
  it("Conv2d(0, 3, 3) has a finite (zero) bias", () => {
    const conv = new Conv2d(0, 3, 3, { dtype: "float64", seed: 1 });
    expect([...conv.bias!.data]).toEqual([0, 0, 0]);
  });
});

describe("Embedding paddingIdx outside [-V, V) (PyTorch: 'Padding_idx must be within num_embeddings' at construction)", () => {
  it("is refused when the layer is made, with the op's sentence, not at its first call", () => {
    expect(() => new Embedding(5, 2, { paddingIdx: 5 })).toThrow(new ShapeError("embedding: paddingIdx 5 is out of range for V = 5"));
    expect(() => new Embedding(5, 2, { paddingIdx: -6 })).toThrow(new ShapeError("embedding: paddingIdx -6 is out of range for V = 5"));
  });

  it("a negative paddingIdx in range counts from the end: that row is zeroed and gets no gradient", () => {
    const e = new Embedding(5, 2, { paddingIdx: -1, dtype: "float64", seed: 1 });
    expect(e.paddingIdx).toBe(4);
    expect([...e.weight.data.slice(8)]).toEqual([0, 0]);
    sum(e.run(tensor([2], new Float64Array([4, 0]), { dtype: "float64" }))).backward();
    expect([...e.weight.grad!.data.slice(8)]).toEqual([0, 0]);
    expect([...e.weight.grad!.data.slice(0, 2)]).toEqual([1, 1]);
  });
});

describe("a batch norm state dict without num_batches_tracked (PyTorch's loader leaves it as it is)", () => {
  const trained = () => {
    const m = new Sequential(new Conv2d(2, 3, 3, { seed: 1 }), new BatchNorm2d(3));
    for (let i = 0; i < 3; i++) m.run(randn([2, 2, 5, 5], { seed: 10 + i }));
    return m;
  };

  it("loads, the buffer kept (3 batches, as PyTorch's) and everything else copied (an I64 entry a safetensors reader skips)", () => {
    const source = trained();
    const dict = Object.fromEntries(Object.entries(source.stateDict()).filter(([k]) => k !== "1.num_batches_tracked"));
    const target = trained();
    target.loadStateDict(dict);
    const loaded = target.stateDict();
    expect(loaded["1.num_batches_tracked"]!.data[0]).toBe(3);
    for (const [k, t] of Object.entries(dict)) expect(Array.from(loaded[k]!.data), k).toEqual(Array.from((t as { data: ArrayLike<number> }).data));
    // given, it is loaded as any buffer
    source.stateDict()["1.num_batches_tracked"]!.data[0] = 5;
    target.loadStateDict(source.stateDict());
    expect(target.stateDict()["1.num_batches_tracked"]!.data[0]).toBe(5);
  });

  it("only that buffer may be missing: the running mean still may not", () => {
    const dict = Object.fromEntries(Object.entries(trained().stateDict()).filter(([k]) => k !== "1.running_mean"));
    expect(() => trained().loadStateDict(dict)).toThrow(
      new ShapeError("Sequential loadStateDict: 1 problem(s): missing 1.running_mean (expected [3])"),
    );
  });
});
