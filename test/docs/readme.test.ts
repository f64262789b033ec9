import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { Linear, ReLU, type Tensor, bounds, createUNet2, randn, sequential } from "../../src/index.js";
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

describe("README: certified bounds", () => {
  it("the UNet2 snippet gives bounds of the output's shape that contain the centre's forward", () => {
    const net = createUNet2({ inC: 1, outC: 2, inH: 16, inW: 16, config: { baseC: 4 } });
    const x = randn([1, 1, 16, 16], { seed: 0 });
    const r = bounds((v: Tensor<[1, 1, 16, 16]>) => net.forward(v), { center: x, epsilon: 0.01 }, { method: "crown" });
    const lower: Tensor<[1, 2, 16, 16], "float64"> = r.lower;
    expect(lower.shape).toEqual([1, 2, 16, 16]);
    const y = net.forward(x).data;
    for (let i = 0; i < y.length; i++) {
      expect(r.lower.data[i]!).toBeLessThanOrEqual(y[i]!);
      expect(y[i]!).toBeLessThanOrEqual(r.upper.data[i]!);
      expect(r.upper.data[i]! - r.lower.data[i]!).toBeGreaterThan(0);
    }
  });
});
