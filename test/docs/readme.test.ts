import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { Linear, ReLU, sequential } from "../../src/index.js";
import { zeros } from "../../src/tensor/tensor.js";
import { trainTwoLayerModel } from "./two-layer-model.js";

describe("README tour", () => {
  it("the two-layer model trains with backward(): the loss falls", () => {
    const { first, last } = trainTwoLayerModel(60);
    expect(last).toBeLessThan(first / 10);
  });

  it("the layer that does not fit throws the compiler's sentence at run time", () => {
    const chain = sequential(new Linear(20, 16), new ReLU(), new Linear(32, 5));
    expect(() => chain.forward(zeros([4, 20] as number[]))).toThrow(
      new ShapeError("sequential layer 2 (linear): weight axis 1 (in_features) and x's last axis must match: 32 vs 16"),
    );
  });
});
