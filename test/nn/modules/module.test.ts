/**
 * The Module base and Sequential: PyTorch's dotted names and orders, train/eval, zeroGrad, state dicts that load
 * all or nothing, a safetensors round trip, and one sentence per mistake in both worlds.
 */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { parseSafetensors, serializeSafetensors } from "../../../src/io/safetensors.js";
import { ReLU } from "../../../src/nn/layers/activations.js";
import { BatchNorm2d } from "../../../src/nn/layers/batch-norm2d.js";
import { Conv2d } from "../../../src/nn/layers/conv2d.js";
import { ConvTranspose2d } from "../../../src/nn/layers/conv-transpose2d.js";
import { manualSeed } from "../../../src/nn/layers/init.js";
import { MaxPool2d } from "../../../src/nn/layers/max-pool2d.js";
import { Module } from "../../../src/nn/module.js";
import { createUNet2 } from "../../../src/nn/unet2.js";
import { type Sequential, sequential } from "../../../src/nn/sequential.js";
import { type Tensor, randn, zeros } from "../../../src/tensor/tensor.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";

type AnyTensor = Tensor<Shape, DType>;

function net(): Sequential<
  readonly [Conv2d<2, 4, 3, { padding: 1 }>, BatchNorm2d<4>, ReLU, MaxPool2d<{ kernel: 2 }>, ConvTranspose2d<4, 3, 2, { stride: 2 }>]
> {
  return sequential(
    new Conv2d(2, 4, 3, { padding: 1 }),
    new BatchNorm2d(4),
    new ReLU(),
    new MaxPool2d({ kernel: 2 }),
    new ConvTranspose2d(4, 3, 2, { stride: 2 }),
  );
}

/** A module with its own parameter and a nested child, to check the per-module order of names. */
class Block extends Module {
  readonly scale: AnyTensor;
  readonly inner: Sequential<readonly [Conv2d<1, 1, 1>]>;
  constructor() {
    super();
    this.scale = this.registerParameter("scale", zeros([1]) as AnyTensor);
    this.inner = this.registerModule("inner", sequential(new Conv2d(1, 1, 1)));
  }
}

describe("Module", () => {
  it("names parameters and buffers as PyTorch's state_dict does", () => {
    const m = net();
    expect(m.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias"]);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(["1.running_mean", "1.running_var", "1.num_batches_tracked"]);
    expect(Object.keys(m.stateDict())).toEqual([
      "0.weight",
      "0.bias",
      "1.weight",
      "1.bias",
      "1.running_mean",
      "1.running_var",
      "1.num_batches_tracked",
      "4.weight",
      "4.bias",
    ]);
    expect(m.namedParameters().map(([, t]) => t.shape)).toEqual([[4, 2, 3, 3], [4], [4], [4], [4, 3, 2, 2], [3]]);
    expect(m.parameters().every((p) => p.requiresGrad && p.isLeaf)).toBe(true);
    expect(new Block().namedParameters().map(([n]) => n)).toEqual(["scale", "inner.0.weight", "inner.0.bias"]);
  });

  it("initialises as PyTorch does (U(±1/√fanIn)), reproducibly from manualSeed or a seed", () => {
    manualSeed(7);
    const a = new Conv2d(3, 8, 3).weight;
    manualSeed(7);
    const b = new Conv2d(3, 8, 3).weight;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(new Conv2d(3, 8, 3, { seed: 1 }).weight.data)).toEqual(Array.from(new Conv2d(3, 8, 3, { seed: 1 }).weight.data));
    const bound = 1 / Math.sqrt(3 * 3 * 3);
    expect(Math.max(...Array.from(a.data).map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...Array.from(a.data).map(Math.abs))).toBeGreaterThan(0.8 * bound);
    const t = new ConvTranspose2d(4, 3, 2);
    expect(Math.max(...Array.from(t.weight.data).map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(3 * 2 * 2));
  });

  it("train() and eval() reach every descendant; batch norm follows the mode", () => {
    const m = net();
    expect(m.training).toBe(true);
    m.eval();
    expect(m.namedModules().every(([, c]) => !c.training)).toBe(true);
    const bn = m.layers[1];
    const before = Array.from(bn.state.runningMean.data);
    m.forward(randn([2, 2, 4, 4], { seed: 1 }));
    expect(Array.from(bn.state.runningMean.data)).toEqual(before);
    m.train();
    m.forward(randn([2, 2, 4, 4], { seed: 1 }));
    expect(Array.from(bn.state.runningMean.data)).not.toEqual(before);
  });

  it("backward reaches every parameter; zeroGrad clears them", () => {
    const m = net();
    const y = m.forward(randn([2, 2, 4, 4], { seed: 2 }));
    expect(y.shape).toEqual([2, 3, 4, 4]);
    y.backward(randn([2, 3, 4, 4], { seed: 3 }));
    for (const [name, p] of m.namedParameters()) expect(p.grad, name).not.toBeNull();
    m.zeroGrad();
    for (const p of m.parameters()) expect(p.grad).toBeNull();
  });

  it("loads a state dict by name; a safetensors round trip reproduces the module", () => {
    const a = net();
    const b = net();
    const bytes = serializeSafetensors(a.stateDict());
    b.loadStateDict(Object.fromEntries(parseSafetensors(bytes).tensors));
    const x = randn([1, 2, 4, 4], { seed: 4 });
    a.eval();
    b.eval();
    expect(Array.from(b.forward(x).data)).toEqual(Array.from(a.forward(x).data));
  });

  it("a state dict that does not fit lists every problem and changes nothing", () => {
    const m = net();
    const before = Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from(t.data)]));
    const good = net().stateDict();
    const bad: Record<string, { shape: readonly number[]; data?: ArrayLike<number> }> = { ...good };
    delete bad["0.bias"];
    bad["4.weight"] = zeros([4, 3, 3, 3]);
    bad["1.running_var"] = { shape: [4] }; // no data, e.g. a skipped safetensors entry
    bad["extra.weight"] = zeros([2]);
    expect(() => m.loadStateDict(bad)).toThrow(
      new ShapeError(
        "Sequential loadStateDict: 4 problem(s): missing 0.bias (expected [4]); 4.weight: expected [4, 3, 2, 2], got [4, 3, 3, 3]; unexpected extra.weight [2]; 1.running_var: has no data",
      ),
    );
    expect(Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from(t.data)]))).toEqual(before);
  });

  it("UNet2 refuses an entry without data before copying anything (e.g. a skipped safetensors tensor)", () => {
    const model = createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: { baseC: 2 } });
    const before = Object.values(model.stateDict()).map((t) => Array.from(t.data));
    const dict: Record<string, { shape: readonly number[]; data?: ArrayLike<number> }> = {
      ...createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: { baseC: 2 }, seed: 5 }).stateDict(),
    };
    dict["out1x1.bias"] = { shape: [1] };
    expect(() => model.loadStateDict(dict as Record<string, { shape: readonly number[]; data: ArrayLike<number> }>)).toThrow(
      new ShapeError("UNet2 loadStateDict: 1 problem(s): out1x1.bias: has no data"),
    );
    expect(Object.values(model.stateDict()).map((t) => Array.from(t.data))).toEqual(before);
  });

  it("rejects a name registered twice or containing a dot", () => {
    class Twice extends Module {
      constructor() {
        super();
        this.registerParameter("w", zeros([1]));
        this.registerBuffer("w", zeros([1]));
      }
    }
    expect(() => new Twice()).toThrow('Module: "w" is already registered');
    class Dotted extends Module {
      constructor() {
        super();
        this.registerParameter("a.b", zeros([1]));
      }
    }
    expect(() => new Dotted()).toThrow('Module: a name must be non-empty and contain no ".", got "a.b"');
  });

  it("a layer that does not fit is named by index and op at run time, in the compiler's sentence", () => {
    const chain = sequential(new Conv2d(1, 3, 3), new ReLU(), new MaxPool2d({ kernel: 2 }), new Conv2d(4, 8, 3));
    const x = zeros([2, 1, 12, 12] as number[]);
    expect(() => chain.forward(x)).toThrow(
      new ShapeError("sequential layer 3 (conv2d): weight axis 1 (inC) and x's channel axis must match: 4 vs 3"),
    );
  });
});

describe("dtype mistakes in models", () => {
  it("UNet2 names itself and throws a DTypeError; Sequential keeps the DTypeError class", async () => {
    const { DTypeError } = await import("../../../src/errors.js");
    const unet = createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: { baseC: 2 } });
    // The compiler rejects a float64 x for a float32 model; the cast reaches the run-time check (sizes or dtypes known only then).
    const x64 = zeros([1, 1, 8, 8], { dtype: "float64" }) as unknown as Parameters<typeof unet.forward>[0];
    expect(() => unet.forward(x64)).toThrow(new DTypeError("UNet2 forward: x must be float32 like the model's parameters, got float64"));
    // A parameter swapped for another dtype is named by its state_dict path, not by the fused op the forward calls.
    const unet64 = createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: { baseC: 2 }, dtype: "float64" });
    const params = unet64.params as unknown as Record<string, Tensor<Shape, DType>>;
    params["down2_1.weight"] = zeros([...params["down2_1.weight"]!.shape]);
    expect(() => unet64.forward(zeros([1, 1, 8, 8], { dtype: "float64" }))).toThrow(
      new DTypeError("UNet2 forward: down2_1.weight must be float64 like x, got float32"),
    );
    const chain = sequential(new Conv2d(1, 2, 3));
    const caught = (() => {
      try {
        chain.run(zeros([1, 1, 8, 8], { dtype: "float64" }));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(caught).toBeInstanceOf(DTypeError);
    expect((caught as Error).message).toMatch(/^sequential layer 0 \(conv2d\): /);
  });
});
