/**
 * The tape against the seed's spec twin: UNet2's gradients from `y.backward(gy)` equal the explicit
 * `UNet2.backward`'s and PyTorch's (unet2.json), for every parameter and for x, on every backend.
 */
import { describe, expect, it } from "vitest";
import { useBackend } from "../../src/backend.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
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
