/**
 * PyTorch's nn.TransformerEncoder (a stack of pre-norm layers and a final LayerNorm) from its own state dict: the
 * keys in PyTorch's order, then output, dx and every parameter's gradient with and without a causal and a key
 * padding mask. Also what its constructor does: copies of the layer passed in (PyTorch's deep copies), each copy's
 * weights equal to that layer's, the layer itself not one of them.
 */
import { describe, expect, it } from "vitest";
import { LayerNorm } from "../../../src/nn/layers/norms.js";
import { TransformerEncoder } from "../../../src/nn/layers/transformer-encoder.js";
import { TransformerEncoderLayer } from "../../../src/nn/layers/transformer.js";
import { randn } from "../../../src/tensor/tensor.js";
import {
  cases,
  describeOnEveryBackend,
  expectClose,
  expectGrads,
  type F32,
  type GoldenTensor,
  type StateRef,
  stateDictOf,
  toTensor,
} from "./fixtures.js";

interface EncoderCall {
  readonly masked: boolean;
  readonly attnMask: GoldenTensor | null;
  readonly keyPaddingMask: GoldenTensor | null;
  readonly x: GoldenTensor;
  readonly gy: GoldenTensor;
  readonly output: GoldenTensor;
  readonly gradX: GoldenTensor;
  readonly grads: Record<string, GoldenTensor>;
}

interface EncoderCase {
  readonly state: StateRef;
  readonly dModel: number;
  readonly nhead: number;
  readonly dimFeedforward: number;
  readonly numLayers: number;
  readonly normFirst: boolean;
  readonly calls: EncoderCall[];
}

const c = cases["transformerEncoder"] as EncoderCase;
const maskOf = (t: GoldenTensor | null): F32 | null => (t === null ? null : toTensor(t));

function encoder(seed?: number): TransformerEncoder<number> {
  const layer = new TransformerEncoderLayer(c.dModel, c.nhead, { dimFeedforward: c.dimFeedforward, dropout: 0, normFirst: c.normFirst, seed });
  return new TransformerEncoder(layer, c.numLayers, { norm: new LayerNorm([c.dModel]) });
}

describeOnEveryBackend("TransformerEncoder from PyTorch's state dict", () => {
  it("has PyTorch's keys in PyTorch's order", () => {
    expect(Object.keys(encoder().stateDict())).toEqual(c.state.keys);
  });
  for (const call of c.calls) {
    it(`${call.masked ? "causal + key padding masks" : "no mask"}: output, dx, every gradient`, () => {
      const model = encoder();
      model.loadStateDict(stateDictOf(c.state));
      const x = toTensor(call.x, true);
      const y = model.forwardWith(x, { attnMask: maskOf(call.attnMask), keyPaddingMask: maskOf(call.keyPaddingMask) });
      expectClose(y.data, call.output, "output");
      y.backward(toTensor(call.gy));
      expectClose(x.grad!.data, call.gradX, "dx");
      expectGrads(model, call.grads, "transformerEncoder");
    });
  }
});

describe("TransformerEncoder's stack, as PyTorch's deep copies", () => {
  it("every copy holds the given layer's weights; the layer itself is not in the stack; the norm is registered", () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, seed: 3 });
    const model = new TransformerEncoder(layer, 3, { norm: new LayerNorm([8]), seed: 4 });
    expect(model.layers.length).toBe(3);
    const want = layer.stateDict();
    for (const copy of model.layers.items) {
      expect(copy).not.toBe(layer);
      const got = copy.stateDict();
      for (const [k, t] of Object.entries(want)) expect([...got[k]!.data], k).toEqual([...t.data]);
    }
    expect(Object.keys(model.stateDict()).filter((k) => k.startsWith("norm."))).toEqual(["norm.weight", "norm.bias"]);
    // the copies' weights are their own: training one leaves the others and the original as they were
    model.layers.at(0)!.linear1.weight.data[0] = 123;
    expect(model.layers.at(1)!.linear1.weight.data[0]).not.toBe(123);
    expect(layer.linear1.weight.data[0]).not.toBe(123);
  });

  it("copies the layer's mode, follows train/eval, and without a norm returns the last layer's output", () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.5, seed: 5 }).eval();
    const model = new TransformerEncoder(layer, 2);
    expect(model.layers.items.every((l) => !l.training)).toBe(true);
    expect(model.norm).toBeNull();
    const x = randn([2, 3, 8], { seed: 6 });
    const once = model.forward(x);
    expect(once.shape).toEqual([2, 3, 8]);
    expect([...model.forward(x).data]).toEqual([...once.data]); // eval: dropout off, deterministic
    const stacked = model.layers.at(1)!.forward(model.layers.at(0)!.forward(x));
    expect([...once.data]).toEqual([...stacked.data]);
  });

  it("refuses a layer count that is not a whole number ≥ 1", () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
    for (const n of [0, -1, 1.5, Number.NaN]) {
      expect(() => new TransformerEncoder(layer, n)).toThrow(`TransformerEncoder: numLayers must be a whole number ≥ 1, got ${String(n)}`);
    }
  });
});
