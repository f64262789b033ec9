/**
 * nn.Sequential(nn.Embedding(V, E, padding_idx), nn.Linear(E, out)) from PyTorch's state dict: the output, and the
 * gradients, the padding row's being zero even where that index is read.
 */
import { describe, expect, it } from "vitest";
import { Embedding } from "../../../src/nn/layers/embedding.js";
import { Linear } from "../../../src/nn/layers/linear.js";
import { Sequential } from "../../../src/nn/sequential.js";
import { cases, expectClose, expectGrads, type GoldenTensor, type StateRef, stateDictOf, toTensor } from "./fixtures.js";

interface EmbeddingCase {
  readonly state: StateRef;
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number;
  readonly outFeatures: number;
  readonly indices: GoldenTensor;
  readonly gy: GoldenTensor;
  readonly output: GoldenTensor;
  readonly grads: Record<string, GoldenTensor>;
}

const c = cases["embedding"] as EmbeddingCase;

describe("Embedding with paddingIdx, then Linear, from PyTorch's state dict", () => {
  it("output and every gradient; the padding row's gradient is 0", () => {
    const model = new Sequential(
      new Embedding(c.numEmbeddings, c.embeddingDim, { paddingIdx: c.paddingIdx }),
      new Linear(c.embeddingDim, c.outFeatures),
    );
    expect(Object.keys(model.stateDict())).toEqual(c.state.keys);
    model.loadStateDict(stateDictOf(c.state));
    expect(c.indices.data).toContain(c.paddingIdx); // the padding row is read, so its zero gradient means something
    const y = model.run(toTensor(c.indices));
    expectClose(y.data, c.output, "output");
    y.backward(toTensor(c.gy));
    expectGrads(model, c.grads, "embedding");
    const row = model.namedParameters()[0]![1].grad!.data.slice(c.paddingIdx * c.embeddingDim, (c.paddingIdx + 1) * c.embeddingDim);
    expect([...row]).toEqual(new Array(c.embeddingDim).fill(0));
  });
});
