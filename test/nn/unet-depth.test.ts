import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { createUNet, type UNetOptions, type UNetOptionsCheck, unetAxisLayout } from "../../src/nn/unet.js";
import { createUNetClassic, type UNetClassicOptions, type UNetClassicOptionsCheck } from "../../src/nn/unet-classic.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { createRng } from "../../src/random.js";
import { gradientCheck } from "./unet-gradient-check.js";
import { randn, type Tensor, tensor } from "../../src/tensor/tensor.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { expectClose, loadGolden } from "../helpers/golden.js";

/** The seed's layer names and their depth-1 counterparts (documented in docs/unet-beyond.md). */
const unet2Names: Record<string, string> = {
  down1_1: "down.0.conv1",
  down1_2: "down.0.conv2",
  down2_1: "down.1.conv1",
  down2_2: "down.1.conv2",
  upT: "up.0.upconv",
  up1_1: "up.0.conv1",
  up1_2: "up.0.conv2",
  out1x1: "head",
};
const renamed = (name: string): string => {
  const [layer, kind] = name.split(".") as [string, string];
  return `${unet2Names[layer]!}.${kind}`;
};

describe("UNet depth 1 (one pool) is the seed's UNet2", () => {
  for (const c of loadGolden("unet2.json")) {
    it(`${c.name}: output and every gradient match PyTorch's UNet2 under the renamed state dict`, () => {
      const { inC, outC, baseC, inH, inW } = c.params as Record<string, number>;
      const model = createUNet({ depth: 1, inC: inC!, outC: outC!, inH: inH!, inW: inW!, baseC: baseC! });
      const dict: Record<string, { shape: number[]; data: number[] }> = {};
      for (const [name, t] of Object.entries(c.stateDict!)) dict[renamed(name)] = t;
      model.loadStateDict(dict);
      const x = tensor(c.inputs.x!.shape, c.inputs.x!.data) as Tensor<Shape, "float32">;
      const gy = tensor(c.gy!.shape, c.gy!.data) as Tensor<Shape, "float32">;
      const { output, trace } = model.forwardTraced(x);
      expect(output.shape).toEqual(c.output!.shape);
      expectClose(output.data, c.output!, "output");
      const { grads, dx } = model.backward(x, gy, { trace });
      const flat = grads as Record<string, Tensor<Shape, "float32">>;
      expect(Object.keys(flat).sort()).toEqual(Object.keys(dict).sort());
      for (const [name, want] of Object.entries(c.grads!)) expectClose(name === "x" ? dx.data : flat[renamed(name)]!.data, want, `grad ${name}`);
    });
  }

  it("bit for bit the same as UNet2 on random weights, batched, forward and backward", () => {
    const seed2 = createUNet2({ inC: 2, outC: 3, inH: 8, inW: 6, config: { baseC: 3 }, seed: 5 });
    const model = createUNet({ depth: 1, inC: 2, outC: 3, inH: 8, inW: 6, baseC: 3, seed: 99 });
    const dict: Record<string, Tensor<Shape, "float32">> = {};
    for (const [name, t] of Object.entries(seed2.stateDict())) dict[renamed(name)] = t;
    model.loadStateDict(dict);
    const x = randn([2, 2, 8, 6], { seed: 1 });
    const gy = randn([2, 3, 8, 6], { seed: 2 });
    expect(Array.from(model.forward(x).data)).toEqual(Array.from(seed2.forward(x).data));
    const a = model.backward(x, gy);
    const b = seed2.backward(x, gy);
    expect(Array.from(a.dx.data)).toEqual(Array.from(b.dx.data));
    const seedGrads = b.grads as unknown as Record<string, Tensor<Shape, "float32">>;
    for (const name of Object.keys(seedGrads)) {
      expect(Array.from((a.grads as Record<string, Tensor<Shape, "float32">>)[renamed(name)]!.data), name).toEqual(Array.from(seedGrads[name]!.data));
    }
  });
});

describe("UNet of depth 1 to 5: forward, backward, finite differences (float64)", () => {
  for (const depth of [1, 2, 3, 4, 5] as const) {
    it(`depth ${depth}`, () => {
      // The smallest multiple of 2^depth that is at least 4 (so the bottleneck of depths 1, 2 is more than 1 pixel).
      const size = Math.max(2 ** depth, 4);
      const model = createUNet({ depth, inC: 2, outC: 2, inH: size, inW: size * 2, baseC: 2, dtype: "float64", seed: depth });
      const x = randn([2, 2, size, size * 2], { seed: 10 + depth, dtype: "float64" }) as Tensor<Shape, "float64">;
      const y = model.forward(x as never) as Tensor<Shape, DType>;
      expect(y.shape).toEqual([2, 2, size, size * 2]);
      expect(y.data.every(Number.isFinite)).toBe(true);
      const names = Object.keys(model.params);
      // depth + 1 blocks down (4 tensors each), depth steps up (upconv + block: 6 each), the head (2).
      expect(names.length).toBe(4 * (depth + 1) + 6 * depth + 2);
      expect(names).toContain(`down.${depth}.conv2.weight`);
      expect(names).not.toContain(`down.${depth + 1}.conv1.weight`);
      expect(names).toContain(`up.${depth - 1}.upconv.weight`);
      expect(model.params[`down.${depth}.conv2.weight` as keyof typeof model.params].shape).toEqual([2 * 2 ** depth, 2 * 2 ** depth, 3, 3]);
      gradientCheck(model, x, 2, depth);
    });
  }

  it("depth 2 with batch norm, training mode (batch statistics) and eval mode (running statistics)", () => {
    const model = createUNet({ depth: 2, inC: 1, outC: 2, inH: 8, inW: 4, baseC: 2, batchNorm: true, dtype: "float64", seed: 3 });
    const x = randn([2, 1, 8, 4], { seed: 4, dtype: "float64" }) as Tensor<Shape, "float64">;
    expect(Object.keys(model.params)).toContain("down.0.bn1.weight");
    expect(Object.keys(model.params)).not.toContain("down.0.conv1.bias");
    expect(Object.keys(model.stateDict())).toContain("up.1.bn2.num_batches_tracked");
    gradientCheck(model, x, 2, 21);
    // Every training forward above advanced the running statistics; a backward's recomputation does not.
    const tracked = model.stateDict()["down.0.bn1.num_batches_tracked"].data[0]!;
    model.backward(x as never, randn([2, 2, 8, 4], { seed: 1, dtype: "float64" }) as never);
    expect(model.stateDict()["down.0.bn1.num_batches_tracked"].data[0]).toBe(tracked);
    // Perturb the running statistics so that eval mode is not the identity, then check eval gradients.
    const rng = createRng(8);
    for (const bn of model.norms.values()) {
      for (let i = 0; i < bn.numFeatures; i++) {
        bn.runningMean.data[i] = rng.uniformIn(-0.5, 0.5);
        bn.runningVar.data[i] = rng.uniformIn(0.5, 2);
      }
    }
    model.eval();
    gradientCheck(model, x, 2, 22);
    const single = randn([1, 8, 4], { seed: 6, dtype: "float64" }) as Tensor<Shape, "float64">;
    const batched = (model.forward(tensor([1, 1, 8, 4], single.data, { dtype: "float64" }) as never) as Tensor<Shape, "float64">).data;
    expectClose(
      (model.forward(single as never) as Tensor<Shape, "float64">).data,
      batched,
      "eval: a (C, H, W) input is a batch of one",
      1e-12,
      1e-12,
    );
  });
});

describe("UNet checks at run time (the compiler's sentences)", () => {
  it("names the level whose pool gets an odd size; H and W must be divisible by 2^depth", () => {
    const h = 18 as number;
    expect(() => createUNet({ depth: 3, inC: 1, outC: 1, inH: h, inW: 8 })).toThrow(
      new ShapeError("UNet depth 3: level 2 maxPool2d(2,2) gets an odd H (18 → 9); H must be divisible by 8"),
    );
    const w = 36 as number;
    expect(() => createUNet({ depth: 4, inC: 1, outC: 1, inH: 64, inW: w })).toThrow(
      "UNet depth 4: level 3 maxPool2d(2,2) gets an odd W (36 → 18 → 9); W must be divisible by 16",
    );
    // The last pool counts too: 8 is divisible by 2^3 but not by 2^4.
    expect(() => createUNet({ depth: 4, inC: 1, outC: 1, inH: 64, inW: 8 as number })).toThrow(
      "UNet depth 4: level 4 maxPool2d(2,2) gets an odd W (8 → 4 → 2 → 1); W must be divisible by 16",
    );
    expect(unetAxisLayout(3, "H", 572)).toBe("UNet depth 3: level 3 maxPool2d(2,2) gets an odd H (572 → 286 → 143); H must be divisible by 8");
    expect(unetAxisLayout(1, "H", 7)).toBe("UNet depth 1: level 1 maxPool2d(2,2) gets an odd H (7); H must be divisible by 2");
    expect(unetAxisLayout(4, "H", 48)).toEqual({ down: [48, 24, 12, 6, 3], up: [6, 12, 24, 48], block: [6, 12, 24, 48] });
    expect(unetAxisLayout(5, "H", 32)).toEqual({ down: [32, 16, 8, 4, 2, 1], up: [2, 4, 8, 16, 32], block: [2, 4, 8, 16, 32] });
    expect(unetAxisLayout(1, "H", 6)).toEqual({ down: [6, 3], up: [6], block: [6] });
  });

  it("depth, baseC, channels and sizes", () => {
    const bad = (o: Record<string, number>) => () =>
      createUNet({ depth: 2, inC: 1, outC: 1, inH: 8, inW: 8, ...o } as { depth: number; inC: number; outC: number; inH: number; inW: number });
    expect(bad({ depth: 6 })).toThrow("UNet: depth must be 1, 2, 3, 4 or 5, got 6");
    expect(bad({ depth: 0 })).toThrow("UNet: depth must be 1, 2, 3, 4 or 5, got 0");
    expect(bad({ baseC: 0 })).toThrow("UNet: baseC must be > 0");
    expect(bad({ inC: 0 })).toThrow("UNet: inC must be ≠ 0");
    expect(bad({ inH: 0 })).toThrow("UNet: inH must be ≠ 0");
    expect(bad({ inW: 2.5 })).toThrow("UNet: inW must be a natural number, got 2.5");
  });

  it("an unknown option key is named, in the compiler's sentence, not ignored", () => {
    // `message` must be exactly what the compile-time check computes for the same literal options.
    const unet = <const O extends UNetOptions>(options: O, message: UNetOptionsCheck<O> & string) => [options, message] as const;
    const classic = <const O extends UNetClassicOptions>(options: O, message: UNetClassicOptionsCheck<O> & string) => [options, message] as const;
    const [o1, m1] = unet(
      { depth: 2, inC: 1, outC: 1, inH: 8, inW: 8, batchnorm: true },
      "UNet: unknown option batchnorm; the options are inC, outC, inH, inW, depth, baseC, batchNorm, seed, dtype",
    );
    expect(() => createUNet(o1 as UNetOptions)).toThrow(new ShapeError(m1));
    const [o2, m2] = classic(
      { depth: 1, inC: 1, outC: 1, inH: 18, inW: 20, seeed: 1 },
      "UNetClassic: unknown option seeed; the options are inC, outC, inH, inW, depth, baseC, batchNorm, seed, dtype",
    );
    expect(() => createUNetClassic(o2 as UNetClassicOptions)).toThrow(new ShapeError(m2));
  });

  it("forward rejects an empty batch with the model's name", () => {
    const model = createUNet({ depth: 1, inC: 3, outC: 1, inH: 4, inW: 4, baseC: 2 });
    expect(() => model.forward(randn([0, 3, 4, 4], { seed: 1 }) as Tensor<Shape, "float32">)).toThrow(
      new ShapeError("UNet forward: x must not be empty, got shape [0, 3, 4, 4]"),
    );
  });

  it("forward rejects a wrong input; loadStateDict reports every problem", () => {
    const model = createUNet({ depth: 1, inC: 3, outC: 1, inH: 4, inW: 4, baseC: 2 });
    expect(() => model.forward(randn([3, 4, 6], { seed: 1 }) as Tensor<Shape, "float32">)).toThrow(
      "UNet forward: x's W axis and inW must match: 6 vs 4",
    );
    expect(() => model.forward(randn([3, 4, 4], { seed: 1, dtype: "float64" }) as Tensor<Shape, "float64"> as never)).toThrow(
      "UNet forward: x must be float32 like the model's parameters, got float64",
    );
    const dict: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [k, v] of Object.entries(model.stateDict())) dict[k] = { shape: [...v.shape], data: new Float32Array(v.size) };
    delete dict["head.bias"];
    dict["up.0.upconv.weight"] = { shape: [4, 2, 3, 3], data: new Float32Array(72) };
    expect(() => model.loadStateDict(dict)).toThrow(
      "UNet loadStateDict: 2 problem(s): up.0.upconv.weight: expected [4, 2, 2, 2], got [4, 2, 3, 3]; missing head.bias (expected [1])",
    );
  });

  it("summary: every level, output shapes and the parameter total", () => {
    const model = createUNet({ depth: 2, inC: 3, outC: 2, inH: 16, inW: 24, baseC: 4, batchNorm: true });
    const s = model.summary(2);
    expect(s).toContain("UNet depth 2 (input [2, 3, 16, 24], float32)");
    expect(s).toMatch(/down\.2 pool \(MaxPool2d\)\s+\[2, 8, 4, 6\]/);
    expect(s).toContain("down.2 (2x Conv2d + BatchNorm2d + ReLU)");
    expect(s).toMatch(/down\.2 \(2x Conv2d \+ BatchNorm2d \+ ReLU\)\s+\[2, 16, 4, 6\]/);
    expect(s).toMatch(/up\.1\.upconv \(ConvTranspose2d\)\s+\[2, 4, 16, 24\]/);
    expect(s).toMatch(/head \(Conv2d 1x1\)\s+\[2, 2, 16, 24\]/);
    const total = Object.values(model.params as Record<string, Tensor<Shape, "float32">>).reduce((a, t) => a + t.size, 0);
    expect(s).toContain(`Total params: ${total.toLocaleString("en-US")}`);
  });
});
