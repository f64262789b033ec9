import { describe, expect, it } from "vitest";
import { type UNet2LayerName, type UNet2ParamName, createUNet2, unet2Layers } from "../../src/nn/unet2.js";
import { ShapeError } from "../../src/errors.js";
import { type Tensor, randn, tensor, zeros } from "../../src/tensor/tensor.js";
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
          expect(Object.keys(c.grads!).sort()).toEqual([...Object.keys(c.stateDict!), "x"].sort()); // all 17, so the loop checks each
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

/** (C, H, W) tensors stacked into one (N, C, H, W) batch. */
function stack(items: readonly Tensor<Shape, "float32">[]): Tensor<Shape, "float32"> {
  const data = new Float32Array(items.reduce((a, t) => a + t.size, 0));
  items.forEach((t, i) => {
    data.set(t.data, i * t.size);
  });
  return tensor([items.length, ...items[0]!.shape], data) as Tensor<Shape, "float32">;
}

describe("UNet2 vs PyTorch, a batch of two", () => {
  for (const c of cases) {
    it(`${c.name} twice in one batch: per-sample outputs and dx, parameter gradients summed`, () => {
      const { inC, outC, baseC, inH, inW } = c.params as Record<string, number>;
      const model = createUNet2({ inC: inC!, outC: outC!, inH: inH!, inW: inW!, config: { baseC: baseC! } });
      model.loadStateDict(c.stateDict!);
      const x = tensor(c.inputs.x!.shape, c.inputs.x!.data) as Tensor<Shape, "float32">;
      const gy = tensor(c.gy!.shape, c.gy!.data) as Tensor<Shape, "float32">;
      const xs = stack([x, x]);
      const { output, trace } = model.forwardTraced(xs);
      expect(output.shape).toEqual([2, ...c.output!.shape]);
      expectClose(output.data, [...c.output!.data, ...c.output!.data], "output");
      const { grads, dx } = model.backward(xs, stack([gy, gy]), { trace });
      expectClose(dx.data, [...c.grads!.x!.data, ...c.grads!.x!.data], "grad x");
      const flat = grads as unknown as Record<string, Tensor<Shape, "float32">>;
      for (const name of Object.keys(c.stateDict!)) {
        expectClose(
          flat[name]!.data,
          c.grads![name]!.data.map((v) => 2 * v),
          `grad ${name}`,
        );
      }
    });
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
    for (const name of Object.keys(model.params) as UNet2ParamName[]) {
      expect(Array.from(a.grads[name].data), name).toEqual(Array.from(b.grads[name].data));
    }
  });

  it("a trace recorded for another input is refused", () => {
    const model = createUNet2({ inC: 1, outC: 1, inH: 4, inW: 4, config: { baseC: 2 } });
    const x = randn([1, 4, 4], { seed: 1 });
    const { trace } = model.forwardTraced(randn([1, 4, 4], { seed: 2 }));
    expect(() => model.backward(x, randn([1, 4, 4], { seed: 3 }), { trace })).toThrow("UNet2 backward: the trace was recorded for a different input");
  });

  it("a batch equals its images run one by one: outputs and dx stacked, parameter gradients summed", () => {
    const model = createUNet2({ inC: 2, outC: 2, inH: 4, inW: 6, config: { baseC: 3 }, seed: 9 });
    const xs = [0, 1, 2].map((i) => randn([2, 4, 6], { seed: 10 + i }) as Tensor<Shape, "float32">);
    const gys = [0, 1, 2].map((i) => randn([2, 4, 6], { seed: 20 + i }) as Tensor<Shape, "float32">);
    const batch = stack(xs);
    const y = model.forward(batch);
    expect(y.shape).toEqual([3, 2, 4, 6]);
    const singles = xs.map((x, i) => ({ y: model.forward(x), ...model.backward(x, gys[i]!) }));
    expectClose(
      y.data,
      singles.flatMap((s) => Array.from(s.y.data)),
      "outputs",
      1e-6,
      1e-6,
    );
    const { grads, dx } = model.backward(batch, stack(gys));
    expect(dx.shape).toEqual([3, 2, 4, 6]);
    expectClose(
      dx.data,
      singles.flatMap((s) => Array.from(s.dx.data)),
      "dx",
      1e-6,
      1e-6,
    );
    for (const name of Object.keys(model.params) as UNet2ParamName[]) {
      const sum = singles[0]!.grads[name].data.map((_, j) => singles.reduce((a, s) => a + s.grads[name].data[j]!, 0));
      expectClose(grads[name].data, sum, `grad ${name}`, 1e-5, 1e-5);
    }
  });

  it("forward follows the seed's order: relu after every conv but the head, none after upT, concat [skip, up]", () => {
    const model = createUNet2({ inC: 1, outC: 2, inH: 4, inW: 4, config: { baseC: 2 }, seed: 5 });
    // Biases far below zero: a relu after upT or the head would show as no negative values there.
    model.params["upT.bias"].data.fill(-10);
    model.params["out1x1.bias"].data.fill(-10);
    const { output, trace } = model.forwardTraced(randn([1, 4, 4], { seed: 6 }));
    for (const name of ["s1", "skip", "b1", "b2", "u1", "u2"] as const) expect(Math.min(...trace[name].data), name).toBeGreaterThanOrEqual(0);
    expect(Math.min(...trace.up.data), "upT has no relu").toBeLessThan(0);
    expect(Math.min(...output.data), "the head has no relu").toBeLessThan(0);
    expect(Array.from(trace.merged.data)).toEqual([...trace.skip.data, ...trace.up.data]);
  });

  it("initialises like PyTorch: kaiming_uniform_(a=√5) weights and U(±1/√fan_in) biases, fan_in = weight.size(1)·k·k", () => {
    const model = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 64 }, seed: 1 });
    // fan_in from weight.size(1): for upT's (inC=128, outC=64, 2, 2) weight that is 64·2·2, not 128·2·2.
    const fanIns: Record<UNet2LayerName, number> = {
      down1_1: 27,
      down1_2: 576,
      down2_1: 576,
      down2_2: 1152,
      upT: 256,
      up1_1: 1152,
      up1_2: 576,
      out1x1: 64,
    };
    for (const layer of unet2Layers) {
      const w = model.params[`${layer}.weight`];
      expect(fanIns[layer], layer).toBe(w.shape[1]! * w.shape[2]! * w.shape[3]!);
      // kaiming_uniform_ with a = √5: gain √(2/(1+5)), bound gain·√(3/fan_in) = 1/√fan_in; the bias uses the same bound.
      const bound = Math.sqrt(2 / (1 + 5)) * Math.sqrt(3 / fanIns[layer]);
      expect(bound).toBeCloseTo(1 / Math.sqrt(fanIns[layer]), 12);
      for (const kind of ["weight", "bias"] as const) {
        const data = Array.from(model.params[`${layer}.${kind}`].data);
        const label = `${layer}.${kind}`;
        const max = data.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
        expect(max, label).toBeLessThanOrEqual(bound * (1 + 1e-7)); // float32 rounding
        // Enough draws reach close to the bound (a fan_in twice as large would cap them at 0.71·bound).
        if (data.length >= 64) expect(max, `${label} reaches the bound`).toBeGreaterThan(0.9 * bound);
        if (data.length >= 1000) {
          const mean = data.reduce((a, v) => a + v, 0) / data.length;
          const variance = data.reduce((a, v) => a + (v - mean) ** 2, 0) / data.length;
          expect(Math.abs(mean), `${label} mean`).toBeLessThan((5 * bound) / Math.sqrt(3 * data.length));
          expect(variance / ((bound * bound) / 3), `${label} variance of U(±bound)`).toBeCloseTo(1, 1);
        }
      }
    }
  });

  it("initialisation is reproducible by seed", () => {
    const make = (seed?: number) => createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 4 }, ...(seed === undefined ? {} : { seed }) });
    const values = (m: ReturnType<typeof make>) => Object.values(m.stateDict()).flatMap((t) => Array.from(t.data));
    expect(values(make(7))).toEqual(values(make(7)));
    expect(values(make())).toEqual(values(make(0)));
    expect(values(make(7))).not.toEqual(values(make(8)));
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

  it("summary: every layer, the output shapes a forward pass produces, parameter counts and their total", () => {
    const model = createUNet2({ inC: 3, outC: 2, inH: 16, inW: 24, config: { baseC: 8 } });
    const s = model.summary(2);
    const rows = s
      .split("\n")
      .map((line) => /^(\S.*?\S)\s+\[([\d, ]+)\]\s+([\d,]+)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null);
    const { trace } = model.forwardTraced(randn([2, 3, 16, 24], { seed: 1 }));
    const count = (layer: UNet2LayerName): number => model.params[`${layer}.weight`].size + model.params[`${layer}.bias`].size;
    const want: Array<[string, readonly number[], number]> = [
      ["down1_1 (Conv2d) + ReLU", trace.s1.shape, count("down1_1")],
      ["down1_2 (Conv2d) + ReLU", trace.skip.shape, count("down1_2")],
      ["pool (MaxPool2d)", trace.pooled.shape, 0],
      ["down2_1 (Conv2d) + ReLU", trace.b1.shape, count("down2_1")],
      ["down2_2 (Conv2d) + ReLU", trace.b2.shape, count("down2_2")],
      ["upT (ConvTranspose2d)", trace.up.shape, count("upT")],
      ["concat [skip, up]", trace.merged.shape, 0],
      ["up1_1 (Conv2d) + ReLU", trace.u1.shape, count("up1_1")],
      ["up1_2 (Conv2d) + ReLU", trace.u2.shape, count("up1_2")],
      ["out1x1 (Conv2d)", trace.output.shape, count("out1x1")],
    ];
    expect(rows.map((m) => [m[1], m[2]!.split(", ").map(Number), Number(m[3]!.replaceAll(",", ""))])).toEqual(
      want.map(([l, sh, p]) => [l, [...sh], p]),
    );
    const total = Object.values(model.stateDict()).reduce((a, t) => a + t.size, 0);
    expect(total).toBe(want.reduce((a, [, , p]) => a + p, 0));
    expect(s).toContain(`Total params: ${total.toLocaleString("en-US")}`);
    expect(s.split("\n")[0]).toBe("UNet2 (input [2, 3, 16, 24], float32)");
  });

  it("summary at 572x572 with the default config: the seed's 403,842 parameters for inC 3, outC 2", () => {
    // 64·3·9+64 + 64·64·9+64 + 128·64·9+128 + 128·128·9+128 + 128·64·4+64 + 64·128·9+64 + 64·64·9+64 + 2·64+2
    const s = createUNet2({ inC: 3, outC: 2, inH: 572, inW: 572 }).summary();
    expect(s).toContain("pool (MaxPool2d)         [1, 64, 286, 286]         0");
    expect(s).toContain("Total params: 403,842");
  });

  it("forward rejects an empty batch as UNet2's, not as a layer's", () => {
    const model = createUNet2({ inC: 1, outC: 1, inH: 4, inW: 4, config: { baseC: 2 } });
    expect(() => model.forward(zeros([0, 1, 4, 4]))).toThrow(new ShapeError("UNet2 forward: x must not be empty, got shape [0, 1, 4, 4]"));
  });

  it("forward rejects a wrong input with a named axis; backward a wrong gradient", () => {
    const model = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 2 } });
    const x = randn([4, 8, 8], { seed: 1 }) as Tensor<Shape, "float32">;
    expect(() => model.forward(x)).toThrow(new ShapeError("UNet2 forward: x's C axis and inC must match: 4 vs 3"));
    const w = randn([3, 8, 6], { seed: 1 }) as Tensor<Shape, "float32">;
    expect(() => model.forward(w)).toThrow(new ShapeError("UNet2 forward: x's W axis and inW must match: 6 vs 8"));
    const good = randn([3, 8, 8], { seed: 1 }) as Tensor<Shape, "float32">;
    const gy = randn([3, 8, 8], { seed: 2 }) as Tensor<Shape, "float32">;
    expect(() => model.backward(good, gy)).toThrow(
      new ShapeError("UNet2 backward: gradOutput must have the output's shape [2, 8, 8], got [3, 8, 8]"),
    );
  });
});
