import { describe, expect, it } from "vitest";
import { createUNet2, unet2Layers } from "../../src/nn/unet2.js";
import { UNet2Config, unet2DefaultConfig, unet2Obligations, unetDownH, unetUpH, withConfig } from "../../src/nn/unet2-config.js";
import { ShapeError } from "../../src/errors.js";
import { Tensor, randn, tensor } from "../../src/tensor/tensor.js";
import { useBackend } from "../../src/backend.js";
import type { Shape } from "../../types/tensor/shape.js";
import { expectClose, loadGolden } from "../helpers/golden.js";
import { backendsUnderTest } from "../helpers/backends.js";

const cases = loadGolden("unet2.json");

describe.each(backendsUnderTest)("UNet2 vs PyTorch ($name backend)", ({ create }) => {
  for (const c of cases) {
    for (const batched of [false, true]) {
      it(`${c.name}${batched ? " (batched)" : ""}: output and all 17 gradients`, async () => {
        const previous = useBackend(await create());
        try {
          const { inC, outC, baseC, inH, inW } = c.params as Record<string, number>;
          const model = createUNet2({ inC: inC!, outC: outC!, inH: inH!, inW: inW!, config: { baseC: baseC! } });
          model.loadStateDict(c.stateDict!);
          const lead = batched ? [1] : [];
          const x = tensor([...lead, ...c.inputs.x!.shape], c.inputs.x!.data) as Tensor<Shape, "float32">;
          const gy = tensor([...lead, ...c.gy!.shape], c.gy!.data) as Tensor<Shape, "float32">;
          const { output, trace } = model.forwardTraced(x);
          expect(output.shape).toEqual([...lead, ...c.output!.shape]);
          expectClose(output.data, c.output!, "output");
          const { grads, dx } = model.backward(x, gy, { trace });
          const flat = grads as unknown as Record<string, Tensor<Shape, "float32">>;
          expect(Object.keys(flat).sort()).toEqual(Object.keys(c.stateDict!).sort());
          for (const [name, want] of Object.entries(c.grads!)) {
            const got = name === "x" ? dx : flat[name]!;
            expectClose(got.data, want, `grad ${name}`);
          }
        } finally {
          useBackend(previous);
        }
      });
    }
  }
});

describe("UNet2 model", () => {
  it("recomputing the forward in backward gives the same gradients as a kept trace", () => {
    const model = createUNet2({ inC: 2, outC: 3, inH: 8, inW: 6, config: { baseC: 3 }, seed: 4 });
    const x = randn([2, 8, 6], { seed: 1 });
    const gy = randn([3, 8, 6], { seed: 2 });
    const a = model.backward(x, gy);
    const b = model.backward(x, gy, { trace: model.forwardTraced(x).trace });
    expect(Array.from(a.dx.data)).toEqual(Array.from(b.dx.data));
    expect(Array.from(a.grads["upT.weight"].data)).toEqual(Array.from(b.grads["upT.weight"].data));
  });

  it("a batch of two equals two single images", () => {
    const model = createUNet2({ inC: 1, outC: 2, inH: 4, inW: 4, config: { baseC: 2 }, seed: 9 });
    const a = randn([1, 4, 4], { seed: 1 });
    const b = randn([1, 4, 4], { seed: 2 });
    const both = tensor([2, 1, 4, 4], [...a.data, ...b.data]);
    const y = model.forward(both);
    expect(y.shape).toEqual([2, 2, 4, 4]);
    expectClose(y.data.subarray(0, 32), model.forward(a).data, "first", 1e-6, 1e-6);
    expectClose(y.data.subarray(32), model.forward(b).data, "second", 1e-6, 1e-6);
  });

  it("initialises like PyTorch: U(±1/sqrt(fanIn)) for weights and biases, seeded", () => {
    const m1 = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 8 }, seed: 1 });
    const m2 = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 8 }, seed: 1 });
    const m3 = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 8 }, seed: 2 });
    expect(Array.from(m1.params["down1_1.weight"].data)).toEqual(Array.from(m2.params["down1_1.weight"].data));
    expect(Array.from(m1.params["down1_1.weight"].data)).not.toEqual(Array.from(m3.params["down1_1.weight"].data));
    const fanIns: Record<string, number> = { down1_1: 27, down1_2: 72, down2_1: 72, down2_2: 144, upT: 32, up1_1: 144, up1_2: 72, out1x1: 8 };
    for (const layer of unet2Layers) {
      const bound = 1 / Math.sqrt(fanIns[layer]!);
      for (const kind of ["weight", "bias"] as const) {
        const data = m1.stateDict()[`${layer}.${kind}`].data;
        const max = Math.max(...Array.from(data, Math.abs));
        expect(max, `${layer}.${kind}`).toBeLessThanOrEqual(bound);
        if (data.length >= 8) expect(max, `${layer}.${kind} spread`).toBeGreaterThan(bound * 0.5);
      }
    }
  });

  it("loadStateDict lists every missing, extra and wrongly shaped tensor and changes nothing", () => {
    const model = createUNet2({ inC: 1, outC: 1, inH: 4, inW: 4, config: { baseC: 2 } });
    const dict: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [k, v] of Object.entries(model.stateDict())) dict[k] = { shape: [...v.shape], data: new Float32Array(v.size) };
    delete dict["upT.bias"];
    dict["down1_1.weight"] = { shape: [2, 3, 3, 3], data: new Float32Array(54) };
    dict["extra.weight"] = { shape: [1], data: new Float32Array(1) };
    const before = Array.from(model.params["down1_2.weight"].data);
    expect(() => model.loadStateDict(dict)).toThrow(
      "UNet2 loadStateDict: 3 problem(s): down1_1.weight: expected [2, 1, 3, 3], got [2, 3, 3, 3]; missing upT.bias (expected [2]); unexpected extra.weight [1]",
    );
    expect(Array.from(model.params["down1_2.weight"].data)).toEqual(before);
  });

  it("summary lists every layer, output shapes and the parameter total", () => {
    const model = createUNet2({ inC: 3, outC: 2, inH: 16, inW: 24, config: { baseC: 8 } });
    const s = model.summary(2);
    expect(s).toContain("upT (ConvTranspose2d)");
    expect(s).toContain("[2, 16, 8, 12]");
    const total = Object.values(model.stateDict()).reduce((a, t) => a + t.size, 0);
    expect(s).toContain(`Total params: ${total.toLocaleString("en-US")}`);
  });
});

describe("UNet2 obligations at run time (same sentences as tsc)", () => {
  it("odd H fails h_upH with the seed's numbers", () => {
    const h = 7 as number;
    expect(() => createUNet2({ inC: 3, outC: 2, inH: h, inW: 8 })).toThrow(
      new ShapeError("UNet2 h_upH: maxPool2d(2,2) then convTranspose2d(2,2) maps H 7 → 6; H must be even"),
    );
  });
  it("a conv that does not preserve size fails h_convH", () => {
    const p = 0 as number;
    expect(() => createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { convPadding: p } })).toThrow(
      "UNet2 h_convH: conv2d(k=3, s=1, p=0) maps H 8 → 6; it must preserve H",
    );
  });
  it("WF names each failing fact", () => {
    expect(UNet2Config.WF({ ...unet2DefaultConfig, poolKernel: 0, baseC: 0 })).toEqual([
      "UNet2Config.WF: poolKernel must be ≠ 0",
      "UNet2Config.WF: baseC must be > 0",
    ]);
    expect(UNet2Config.WF(unet2DefaultConfig)).toEqual([]);
    const zero = 0 as number;
    expect(() => createUNet2({ inC: zero, outC: 2, inH: 8, inW: 8 })).toThrow("UNet2: inC must be ≠ 0");
  });
  it("non-default configs that satisfy the obligations", () => {
    expect(unet2Obligations(withConfig({ convKernel: 5, convPadding: 2 }), 12, 20)).toBeNull();
    expect(unet2Obligations(withConfig({ upKernel: 4, upStride: 2, upPadding: 1 }), 12, 20)).toBeNull();
    const m = createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: { baseC: 2, upKernel: 4, upPadding: 1 } });
    expect(m.forward(randn([1, 8, 8], { seed: 3 })).shape).toEqual([1, 8, 8]);
  });
  it("UNetDownH / UNetUpH", () => {
    expect(unetDownH(unet2DefaultConfig, 7)).toBe(3);
    expect(unetUpH(unet2DefaultConfig, 7)).toBe(6);
    expect(unetUpH(unet2DefaultConfig, 572)).toBe(572);
  });
  it("forward rejects a wrong input with a named axis", () => {
    const model = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 2 } });
    const x = randn([4, 8, 8], { seed: 1 }) as Tensor<Shape, "float32">;
    expect(() => model.forward(x)).toThrow("UNet2 forward: x's C axis and inC must match: 4 vs 3");
  });
});
