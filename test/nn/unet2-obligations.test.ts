import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import {
  UNet2Config,
  assertUNet2WF,
  unet2DefaultConfig,
  unet2Obligations,
  unetDownH,
  unetDownW,
  unetUpH,
  unetUpW,
  withConfig,
} from "../../src/nn/unet2-config.js";
import { type UNet2Options, type UNet2OptionsCheck, createUNet2 } from "../../src/nn/unet2.js";
import { randn } from "../../src/tensor/tensor.js";

/**
 * A failing case whose message tsc checks against the compile-time check: `message` must be exactly the literal
 * `UNet2OptionsCheck<O>` computes (a different sentence, or a passing O, does not compile). The test then
 * checks the run time throws that same sentence when the sizes and config are only known as `number`.
 */
function failing<const O extends UNet2Options>(options: O, message: UNet2OptionsCheck<O> & string): { options: UNet2Options; message: string } {
  return { options, message };
}

const obligationCases = [
  failing({ inC: 3, outC: 2, inH: 8, inW: 8, config: { convPadding: 0 } }, "UNet2 h_convH: conv2d(k=3, s=1, p=0) maps H 8 → 6; it must preserve H"),
  failing(
    { inC: 3, outC: 2, inH: 2, inW: 4, config: { convKernel: 1, convStride: 2, convPadding: 1 } },
    "UNet2 h_convW: conv2d(k=1, s=2, p=1) maps W 4 → 3; it must preserve W",
  ),
  failing(
    { inC: 3, outC: 2, inH: 2, inW: 2, config: { convKernel: 1, convStride: 2, convPadding: 1 } },
    "UNet2 h_convH_down: conv2d(k=1, s=2, p=1) maps H 1 → 2; it must preserve H",
  ),
  failing(
    { inC: 3, outC: 2, inH: 3, inW: 2, config: { convKernel: 1, convStride: 2, convPadding: 1, poolStride: 1 } },
    "UNet2 h_convW_down: conv2d(k=1, s=2, p=1) maps W 1 → 2; it must preserve W",
  ),
  failing({ inC: 3, outC: 2, inH: 7, inW: 8 }, "UNet2 h_upH: maxPool2d(2,2) then convTranspose2d(2,2) maps H 7 → 6; H must be even"),
  failing({ inC: 3, outC: 2, inH: 8, inW: 9 }, "UNet2 h_upW: maxPool2d(2,2) then convTranspose2d(2,2) maps W 9 → 8; W must be even"),
  failing(
    { inC: 3, outC: 2, inH: 8, inW: 8, config: { headKernel: 3 } },
    "UNet2 h_outH: head conv2d(k=3, s=1, p=0) maps H 8 → 6; it must preserve H",
  ),
  failing(
    { inC: 3, outC: 2, inH: 2, inW: 4, config: { headStride: 2, headPadding: 1 } },
    "UNet2 h_outW: head conv2d(k=1, s=2, p=1) maps W 4 → 3; it must preserve W",
  ),
];

/** Failures inside an obligation's layers: each still names the obligation. */
const layerCases = [
  failing({ inC: 3, outC: 2, inH: 1, inW: 8 }, "UNet2 h_convH_down: maxPool2d: axis H: dilated kernel 2 is larger than padded input 1"),
  failing(
    { inC: 3, outC: 2, inH: 2, inW: 2, config: { upPadding: 3 } },
    "UNet2 h_upH: convTranspose2d: axis H: calculated output size -4 is too small for input size 1",
  ),
  failing({ inC: 3, outC: 2, inH: 8, inW: 8, config: { upPadding: 3 } }, "UNet2 h_upH: maxPool2d(2,2) then convTranspose2d(2,2) maps H 8 → 2"),
  failing(
    { inC: 3, outC: 2, inH: 10, inW: 9, config: { poolKernel: 3, poolStride: 3, upKernel: 3, upStride: 3 } },
    "UNet2 h_upH: maxPool2d(3,3) then convTranspose2d(3,3) maps H 10 → 9; H must be a multiple of 3",
  ),
  failing(
    { inC: 3, outC: 2, inH: 8, inW: 8, config: { convKernel: 11, convPadding: 1 } },
    "UNet2 h_convH: conv2d: axis H: dilated kernel 11 is larger than padded input 10",
  ),
];

/** UNet2Config.WF and the sizes: every failing fact named, joined by "; ", in the same order in both worlds. */
const wfCases = [
  failing({ inC: 3, outC: 2, inH: 8, inW: 8, config: { poolKernel: 0 } }, "UNet2Config.WF: poolKernel must be ≠ 0"),
  failing({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 0 } }, "UNet2Config.WF: baseC must be > 0"),
  failing(
    { inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 0, poolKernel: 0, headStride: 0 } },
    "UNet2Config.WF: poolKernel must be ≠ 0; UNet2Config.WF: headStride must be ≠ 0; UNet2Config.WF: baseC must be > 0",
  ),
  failing(
    { inC: 3, outC: 2, inH: 8, inW: 8, config: { convPadding: -1, upStride: 0 } },
    "UNet2Config.WF: convPadding must be a natural number, got -1; UNet2Config.WF: upStride must be ≠ 0",
  ),
  failing({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 1.5 } }, "UNet2Config.WF: baseC must be a natural number, got 1.5"),
  failing({ inC: 0, outC: 2, inH: 8, inW: 8 }, "UNet2: inC must be ≠ 0"),
  failing({ inC: 3, outC: 0, inH: 8, inW: 8 }, "UNet2: outC must be ≠ 0"),
  failing({ inC: 3, outC: 2, inH: 0, inW: 8 }, "UNet2: inH must be ≠ 0"),
  failing({ inC: 3, outC: 2, inH: 8, inW: 0 }, "UNet2: inW must be ≠ 0"),
  failing({ inC: 3, outC: 2, inH: 8, inW: 8, seeed: 3 }, "UNet2: unknown option seeed; the options are inC, outC, inH, inW, config, seed, dtype"),
  failing({ inC: 0, outC: 2, inH: 8, inW: 8, Config: {} }, "UNet2: unknown option Config; the options are inC, outC, inH, inW, config, seed, dtype"),
  failing({ inC: 3, outC: 2, inH: -8, inW: 8 }, "UNet2: inH must be a natural number, got -8"),
  failing({ inC: 3, outC: 2, inH: 8, inW: 1e21 }, "UNet2: inW must be at most 2^53 - 1, got 1e+21"),
];

describe("UNet2 checks: tsc's message is the run time's", () => {
  for (const { options, message } of [...obligationCases, ...layerCases, ...wfCases]) {
    it(message, () => {
      expect(() => createUNet2(options)).toThrow(new ShapeError(message));
    });
  }

  it("the eight obligations each have a case, in the seed's order", () => {
    const names = obligationCases.map((c) => /^UNet2 (h_\w+):/.exec(c.message)?.[1]);
    expect(names).toEqual(["h_convH", "h_convW", "h_convH_down", "h_convW_down", "h_upH", "h_upW", "h_outH", "h_outW"]);
  });

  it("unet2Obligations gives the same sentences without throwing", () => {
    for (const { options, message } of obligationCases) {
      expect(unet2Obligations(withConfig(options.config ?? {}), options.inH, options.inW)).toBe(message);
    }
    expect(unet2Obligations(unet2DefaultConfig, 572, 572)).toBeNull();
  });

  it("UNet2Config.WF lists the facts; assertUNet2WF throws them joined", () => {
    expect(UNet2Config.WF(unet2DefaultConfig)).toEqual([]);
    const bad = withConfig({ poolKernel: 0, baseC: 0 });
    expect(UNet2Config.WF(bad)).toEqual(["UNet2Config.WF: poolKernel must be ≠ 0", "UNet2Config.WF: baseC must be > 0"]);
    expect(() => assertUNet2WF(bad)).toThrow(new ShapeError("UNet2Config.WF: poolKernel must be ≠ 0; UNet2Config.WF: baseC must be > 0"));
    expect(UNet2Config.WF({ ...unet2DefaultConfig, convStride: Number.NaN })).toEqual([
      "UNet2Config.WF: convStride must be a natural number, got NaN",
    ]);
  });
});

describe("UNet2 sizes", () => {
  it("UNetDownH/W and UNetUpH/W at run time", () => {
    expect(unetDownH(unet2DefaultConfig, 7)).toBe(3);
    expect(unetDownW(unet2DefaultConfig, 572)).toBe(286);
    expect(unetUpH(unet2DefaultConfig, 7)).toBe(6);
    expect(unetUpW(unet2DefaultConfig, 572)).toBe(572);
    expect(unetUpH(withConfig({ upKernel: 4, upPadding: 1 }), 12)).toBe(12);
    expect(() => unetDownH(unet2DefaultConfig, 1)).toThrow("UNet2 maxPool2d: axis H: dilated kernel 2 is larger than padded input 1");
  });

  it("withConfig keeps the defaults for absent or undefined fields", () => {
    expect(withConfig({ baseC: 8 })).toEqual({ ...unet2DefaultConfig, baseC: 8 });
    const partial: Partial<UNet2Config> = { baseC: undefined, convKernel: 5 };
    expect(withConfig(partial)).toEqual({ ...unet2DefaultConfig, convKernel: 5 });
    const fromJson = JSON.parse('{"convPading": 0}') as Partial<UNet2Config>;
    expect(() => withConfig(fromJson)).toThrow(
      new ShapeError(
        'withConfig: unknown UNet2Config field "convPading"; the fields are poolKernel, poolStride, convKernel, convStride, convPadding, upKernel, upStride, upPadding, headKernel, headStride, headPadding, baseC',
      ),
    );
    expect(() => createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: fromJson })).toThrow('unknown UNet2Config field "convPading"');
  });
});

describe("UNet2 with non-default configs that satisfy the obligations", () => {
  it("convKernel 5, convPadding 2: builds, runs forward and backward", () => {
    const model = createUNet2({ inC: 2, outC: 3, inH: 12, inW: 20, config: { baseC: 3, convKernel: 5, convPadding: 2 }, seed: 1 });
    expect(model.params["down1_1.weight"].shape).toEqual([3, 2, 5, 5]);
    const x = randn([2, 12, 20], { seed: 2 });
    const y = model.forward(x);
    expect(y.shape).toEqual([3, 12, 20]);
    expect(y.data.every(Number.isFinite)).toBe(true);
    const { grads, dx } = model.backward(x, randn([3, 12, 20], { seed: 3 }));
    expect(dx.shape).toEqual([2, 12, 20]);
    expect(grads["up1_1.weight"].shape).toEqual([3, 6, 5, 5]);
  });

  it("upKernel 4, upStride 2, upPadding 1: builds, runs forward and backward", () => {
    const model = createUNet2({ inC: 1, outC: 2, inH: 8, inW: 6, config: { baseC: 2, upKernel: 4, upStride: 2, upPadding: 1 }, seed: 1 });
    expect(model.params["upT.weight"].shape).toEqual([4, 2, 4, 4]);
    const x = randn([2, 1, 8, 6], { seed: 2 });
    const y = model.forward(x);
    expect(y.shape).toEqual([2, 2, 8, 6]);
    const { grads, dx } = model.backward(x, randn([2, 2, 8, 6], { seed: 3 }));
    expect(dx.shape).toEqual([2, 1, 8, 6]);
    expect(grads["upT.weight"].shape).toEqual([4, 2, 4, 4]);
  });

  it("pool 3 with upsampling 3 at a multiple of 3", () => {
    const model = createUNet2({ inC: 1, outC: 1, inH: 9, inW: 12, config: { baseC: 2, poolKernel: 3, poolStride: 3, upKernel: 3, upStride: 3 } });
    expect(model.forward(randn([1, 9, 12], { seed: 1 })).shape).toEqual([1, 9, 12]);
  });
});
