import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { centerCrop } from "../../src/ops/center-crop.js";
import { concat } from "../../src/ops/concat.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { convTranspose2d } from "../../src/ops/conv-transpose2d.js";
import { maxPool2d } from "../../src/ops/max-pool2d.js";
import { relu } from "../../src/ops/relu.js";
import { createUNetClassic, unetClassicAxisLayout } from "../../src/nn/unet-classic.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";
import type { Shape } from "../../types/tensor/shape.js";
import { expectClose } from "../helpers/golden.js";
import { gradientCheck } from "./unet-gradient-check.js";

type F64 = Tensor<Shape, "float64">;

describe("UNetClassic (Ronneberger et al.: valid convs, centre-cropped skips)", () => {
  it("the paper's sizes: 572 → 388 at depth 4 (four pools), every level", () => {
    expect(unetClassicAxisLayout(4, "H", 572)).toEqual({
      down: [568, 280, 136, 64, 28],
      up: [56, 104, 200, 392],
      block: [52, 100, 196, 388],
    });
  });

  it("depth 1 at the smallest valid size equals the same layers written out by hand", () => {
    const model = createUNetClassic({ depth: 1, inC: 2, outC: 3, inH: 18, inW: 20, baseC: 2, dtype: "float64", seed: 1 });
    const x = randn([2, 2, 18, 20], { seed: 2, dtype: "float64" });
    const y = model.forward(x);
    expect(y.shape).toEqual([2, 3, 2, 4]);
    const p = model.params as Record<string, F64>;
    const block = (t: F64, prefix: string): F64 =>
      relu(
        conv2d(relu(conv2d(t, p[`${prefix}.conv1.weight`]!, p[`${prefix}.conv1.bias`]!)), p[`${prefix}.conv2.weight`]!, p[`${prefix}.conv2.bias`]!),
      );
    const skip = block(x, "down.0");
    expect(skip.shape).toEqual([2, 2, 14, 16]);
    const bottom = block(maxPool2d(skip, { kernel: 2 }) as F64, "down.1");
    const up = convTranspose2d(bottom, p["up.0.upconv.weight"]!, p["up.0.upconv.bias"]!, { stride: 2 }) as F64;
    expect(up.shape).toEqual([2, 2, 6, 8]);
    const merged = concat([centerCrop(skip, [6, 8]) as F64, up], 1) as F64;
    const want = conv2d(block(merged, "up.0"), p["head.weight"]!, p["head.bias"]!) as F64;
    expectClose(y.data, want.data, "output", 1e-12, 1e-12);
  });

  it("depth 1 (18x20) forward + backward: finite differences on every parameter and x, float64", () => {
    const model = createUNetClassic({ depth: 1, inC: 1, outC: 2, inH: 18, inW: 20, baseC: 2, dtype: "float64", seed: 3 });
    gradientCheck(model, randn([2, 1, 18, 20], { seed: 4, dtype: "float64" }) as F64, 3, 5);
  });

  it("depth 2 at its smallest size 44x44, with batch norm, finite differences", () => {
    const model = createUNetClassic({ depth: 2, inC: 1, outC: 1, inH: 44, inW: 44, baseC: 1, batchNorm: true, dtype: "float64", seed: 6 });
    const x = randn([2, 1, 44, 44], { seed: 7, dtype: "float64" });
    expect(model.forward(x).shape).toEqual([2, 1, 4, 4]);
    gradientCheck(model, x, 2, 8);
  });

  it("run-time sizes fail with the compiler's sentences, naming the crop or layer", () => {
    const bad = (depth: number, h: number) => () => createUNetClassic({ depth, inC: 1, outC: 1, inH: h, inW: 572 });
    expect(bad(4, 570)).toThrow(
      new ShapeError(
        "UNetClassic depth 4, input H 570: up.0 centre crop of skip down.3: axis H: cropping 63 to 54 removes 9, an odd amount; a centre crop removes the same from each side",
      ),
    );
    expect(bad(4, 100)).toThrow("UNetClassic depth 4, input H 100: down.4.conv1: axis H: dilated kernel 3 is larger than padded input 2");
    expect(bad(1, 16)).toThrow("UNetClassic depth 1, input H 16: up.0.conv2: axis H: dilated kernel 3 is larger than padded input 2");
    expect(bad(6, 572)).toThrow("UNetClassic: depth must be 1, 2, 3, 4 or 5, got 6");
    // Depth 5 (five pools) at 572: the fifth pool gets 28 → 14, the bottleneck 10, and the output is 196.
    expect(unetClassicAxisLayout(5, "H", 572).block.at(-1)).toBe(196);
  });

  it("summary shows the crops and the 388x388 output", () => {
    const model = createUNetClassic({ depth: 4, inC: 1, outC: 2, inH: 572, inW: 572, baseC: 1 });
    const s = model.summary();
    expect(s).toContain("up.0 crop down.3 + concat [skip, up]");
    expect(s).toMatch(/head \(Conv2d 1x1\)\s+\[1, 2, 388, 388\]/);
    expect(s).toMatch(/down\.4 \(2x Conv2d \+ ReLU\)\s+\[1, 16, 28, 28\]/);
  });
});
