/**
 * A PyTorch nn.Sequential of every single-input layer (Conv2d, BatchNorm2d, LeakyReLU, ConvTranspose2d, GroupNorm,
 * SiLU, MaxPool2d, AvgPool2d, Flatten, Linear, LayerNorm, GELU, Dropout, ELU, Softplus, Sigmoid) reproduced from its
 * own safetensors state dict: outputs, dx and every parameter's gradient in eval and train mode, and the batch norm
 * buffers after a train-mode forward (momentum, unbiased running variance, num_batches_tracked).
 */
import { expect, it } from "vitest";
import type { Layer } from "../../../src/nn/layer.js";
import type { Sequential } from "../../../src/nn/sequential.js";
import type { ShapeFn } from "../../../types/nn/shape-fn.js";
import { describeOnEveryBackend, expectBuffers, expectClose, expectGrads, readState, stateDictOf, toTensor } from "./fixtures.js";
import { buildSequential, type Pass, type SequentialCase, sequential2Case, sequentialCase as c } from "./sequential-model.js";

/** The model with PyTorch's state loaded; the buffers' values before the forward, by name. */
function loaded(dropoutP: (p: number) => number): { model: Sequential<Layer<ShapeFn>[]>; before: Record<string, number[]> } {
  const model = buildSequential(dropoutP);
  model.loadStateDict(stateDictOf(c.state));
  const before = Object.fromEntries(model.namedBuffers().map(([name, b]) => [name, [...b.data]]));
  return { model, before };
}

function run(model: Sequential<Layer<ShapeFn>[]>, pass: Pass, label: string, fixture: SequentialCase = c): void {
  const x = toTensor(fixture.x, true);
  const y = model.run(x);
  expect(y.shape, `${label}: output shape`).toEqual(pass.output.shape);
  expectClose(y.data, pass.output, `${label}: output`);
  y.backward(toTensor(fixture.gy));
  expectClose(x.grad!.data, pass.gradX, `${label}: dx`);
  expectGrads(model, pass.grads, label);
}

describeOnEveryBackend("PyTorch nn.Sequential of every layer, from its safetensors state dict", () => {
  it("the state dict has PyTorch's keys in PyTorch's order (num_batches_tracked among them)", () => {
    const { model } = loaded((p) => p);
    expect(Object.keys(model.stateDict())).toEqual(c.state.keys);
    const parsed = readState(c.state);
    // every tensor decoded, the I64 num_batches_tracked as float64
    expect(parsed.skipped).toEqual([]);
    expect([...parsed.tensors.keys()].sort()).toEqual([...c.state.keys].sort());
    const counters = [...parsed.tensors.values()].filter((t) => t.name.endsWith("num_batches_tracked"));
    expect(counters.length).toBeGreaterThan(0);
    for (const t of counters) expect(t.dtype).toBe("I64");
  });

  it("eval mode (dropout off, batch norm on its running statistics): output, dx, every gradient; buffers untouched", () => {
    const { model, before } = loaded((p) => p); // the file's dropout p: eval must ignore it
    model.eval();
    run(model, c.eval, "eval");
    for (const [name, b] of model.namedBuffers()) expect([...b.data], `${name} unchanged in eval`).toEqual(before[name]);
  });

  it("train mode (dropout p 0 as in the fixture's pass): output, dx, every gradient, buffers after the forward", () => {
    const { model } = loaded(() => 0);
    model.train();
    const train = c.train!;
    run(model, train, "train");
    // running_mean, running_var and num_batches_tracked (counted on from the file's) as PyTorch's
    expectBuffers(model, train.buffersAfter!, "train");
  });
});

describeOnEveryBackend(
  "PyTorch nn.Sequential with other hyperparameters (dilation, ceil-mode and padded pools, bilinear Upsample, norms without affine)",
  () => {
    it("state dict keys, output, dx and every gradient", () => {
      const model = buildSequential((p) => p, sequential2Case);
      expect(Object.keys(model.stateDict())).toEqual(sequential2Case.state.keys);
      model.loadStateDict(stateDictOf(sequential2Case.state));
      run(model, sequential2Case.eval, "sequential2", sequential2Case);
    });
  },
);
