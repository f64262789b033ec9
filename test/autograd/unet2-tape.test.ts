/**
 * The tape against the seed's spec twin: UNet2's gradients from `y.backward(gy)` equal the explicit
 * `UNet2.backward`'s and PyTorch's (unet2.json), for every parameter and for x, on every backend.
 */
import { describe, expect, it } from "vitest";
import { useBackend } from "../../src/backend.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { type Tensor, randn, tensor } from "../../src/tensor/tensor.js";
import { adam } from "../../src/train/optimizers/adam.js";
import { mse } from "../../src/train/losses/mse.js";
import type { Shape } from "../../types/tensor/shape.js";
import { backendsUnderTest } from "../helpers/backends.js";
import { expectClose, loadGolden } from "../helpers/golden.js";

const cases = loadGolden("unet2.json");

describe.each(backendsUnderTest)("UNet2 through the tape ($name backend)", ({ create }) => {
  for (const c of cases) {
    it(`${c.name}: y.backward(gy) fills every parameter's and x's .grad as UNet2.backward and PyTorch do`, async () => {
      const previous = useBackend(await create());
      try {
        const { inC, outC, baseC, inH, inW } = c.params as Record<string, number>;
        const model = createUNet2({ inC: inC!, outC: outC!, inH: inH!, inW: inW!, config: { baseC: baseC! } });
        model.loadStateDict(c.stateDict!);
        const params = model.params as unknown as Record<string, Tensor<Shape, "float32">>;
        for (const p of Object.values(params)) p.requireGrad();
        const x = tensor(c.inputs.x!.shape as [number], c.inputs.x!.data, { requiresGrad: true }) as Tensor<Shape, "float32">;
        const gy = tensor(c.gy!.shape as [number], c.gy!.data) as Tensor<Shape, "float32">;

        const y = model.forward(x);
        expect(y.gradFn).not.toBeNull();
        y.backward(gy);

        const spec = model.backward(x, gy);
        const specGrads = spec.grads as unknown as Record<string, Tensor<Shape, "float32">>;
        expect(Object.keys(params).sort()).toEqual(Object.keys(c.stateDict!).sort());
        for (const [name, p] of Object.entries(params)) {
          expect(p.grad, name).not.toBeNull();
          expect(Array.from(p.grad!.data), `${name}: tape vs UNet2.backward`).toEqual(Array.from(specGrads[name]!.data));
          expectClose(p.grad!.data, c.grads![name]!, `${name}: tape vs PyTorch`);
        }
        expect(Array.from(x.grad!.data), "x: tape vs UNet2.backward").toEqual(Array.from(spec.dx.data));
        expectClose(x.grad!.data, c.grads!["x"]!, "x: tape vs PyTorch");
      } finally {
        useBackend(previous);
      }
    });
  }
});

describe("UNet2 as a Module", () => {
  it("names its parameters with the seed's names in the seed's order, all requiring grad", () => {
    const model = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 4 } });
    expect(model.namedParameters().map(([n]) => n)).toEqual(Object.keys(model.params));
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(model.namedParameters().every(([n, p]) => p === (model.params as unknown as Record<string, unknown>)[n])).toBe(true);
  });

  it("trains through the tape with an optimizer over parameters(): the loss falls", () => {
    const model = createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: { baseC: 4 }, seed: 3 });
    const x = randn([2, 1, 8, 8], { seed: 1 });
    const target = randn([2, 1, 8, 8], { seed: 2 });
    const optimizer = adam(model.parameters(), { lr: 1e-2 });
    const losses: number[] = [];
    for (let step = 0; step < 20; step++) {
      optimizer.zeroGrad();
      const loss = mse(model.forward(x), target);
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    expect(losses.at(-1)!).toBeLessThan(0.8 * losses[0]!);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
  });
});
