import { describe, expect, it } from "vitest";
import { randn } from "../../src/tensor/tensor.js";
import { FeedForward, trainCnn } from "./models-doc.js";

describe("docs/models.md", () => {
  it("the CNN trains with backward() and survives a safetensors round trip", () => {
    const { first, last, roundTrip } = trainCnn(30);
    expect(last).toBeLessThan(first / 5);
    expect(roundTrip).toBe(true);
  });

  it("FeedForward names its parameters as PyTorch would and keeps the shape", () => {
    const ff = new FeedForward(8, 16);
    expect(ff.namedParameters().map(([n]) => n)).toEqual(["up.weight", "up.bias", "down.weight", "down.bias", "norm.weight", "norm.bias"]);
    expect(ff.forward(randn([2, 3, 8], { seed: 1 })).shape).toEqual([2, 3, 8]);
  });
});
