/**
 * The Winograd F(2x2, 3x3) and F(4x4, 3x3) paths of the wasm backend (conv2d 3x3, stride 1, dilation 1,
 * padding <= 2: forward, data and weight gradients, and stride-1 3x3 convTranspose2d, whose forward is that
 * data gradient with a bias) against the float64 reference, on 1 and 2 threads: partial tiles (odd sizes),
 * images too small for Winograd (under 3 a side: direct), every padding, channel counts that are not multiples of 4,
 * many channels, batch 2, with and without bias, and the U-Net's sizes. The backends here take Winograd for
 * every such conv: `winograd: "f2x2"` by F(2x2) only, `"always"` by F(4x4) where it is allowed (images of 16
 * pixels a side and more; the cases of that size are its partial tiles) and F(2x2) elsewhere; the default takes
 * Winograd only where it pays. The tolerance is the one every other wasm conv test uses.
 */
import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { noGrad } from "../../src/autograd/grad-mode.js";
import { currentBackend, useBackend } from "../../src/backend.js";
import { bounds } from "../../src/bounds/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { ops, type T } from "../bounds/untyped.js";
import type { Conv2dGeometry, ConvTranspose2dGeometry } from "../../src/kernels/geometry.js";
import { usesWinograd, winogradTile } from "../../src/wasm/backend.js";
import { createWasmBackend, type WasmBackend } from "../../src/wasm/index.js";
import { sharedWasmBackend } from "./shared-backends.js";
import {
  convOut,
  expectFloat32Close,
  naiveConv2d,
  naiveConv2dBackwardData,
  naiveConv2dGrads,
  naiveConvTranspose2d,
  naiveConvTranspose2dGrads,
  randomArray,
  signedRng as rng,
} from "../kernels/kernel-helpers.js";

interface Case {
  readonly n: number;
  readonly inC: number;
  readonly outC: number;
  readonly inH: number;
  readonly inW: number;
  readonly padH: number;
  readonly padW: number;
}

const cases: readonly Case[] = [
  { n: 1, inC: 1, outC: 1, inH: 1, inW: 1, padH: 1, padW: 1 },
  { n: 1, inC: 2, outC: 3, inH: 2, inW: 3, padH: 1, padW: 1 },
  { n: 1, inC: 3, outC: 5, inH: 3, inW: 3, padH: 0, padW: 0 },
  { n: 2, inC: 5, outC: 3, inH: 7, inW: 9, padH: 1, padW: 1 },
  { n: 1, inC: 4, outC: 8, inH: 6, inW: 5, padH: 2, padW: 2 },
  { n: 2, inC: 3, outC: 6, inH: 5, inW: 13, padH: 0, padW: 2 },
  { n: 1, inC: 7, outC: 9, inH: 11, inW: 5, padH: 2, padW: 0 },
  { n: 1, inC: 6, outC: 4, inH: 17, inW: 33, padH: 1, padW: 1 },
  { n: 2, inC: 5, outC: 7, inH: 18, inW: 23, padH: 0, padW: 2 },
  { n: 1, inC: 9, outC: 6, inH: 19, inW: 17, padH: 2, padW: 1 },
  { n: 2, inC: 64, outC: 64, inH: 9, inW: 11, padH: 1, padW: 1 },
  { n: 1, inC: 64, outC: 128, inH: 16, inW: 16, padH: 1, padW: 1 },
  { n: 1, inC: 128, outC: 64, inH: 8, inW: 10, padH: 1, padW: 1 },
  // F(2x2): 15 tile rows of 68 tiles, the weight gradient's slabs of 4 rows, the last one of 3, in both images;
  // F(4x4): 8 tile rows of 36 tiles, slabs of 4 rows
  { n: 2, inC: 3, outC: 5, inH: 29, inW: 130, padH: 1, padW: 1 },
];

function geometry(c: Case): Conv2dGeometry {
  return {
    ...c,
    kH: 3,
    kW: 3,
    strideH: 1,
    strideW: 1,
    dilH: 1,
    dilW: 1,
    outH: convOut(c.inH, 3, 1, c.padH, 1),
    outW: convOut(c.inW, 3, 1, c.padW, 1),
  };
}

type Use = "never" | "f2x2" | "always";
const backend = (threads: number, winograd: Use): Promise<WasmBackend> => sharedWasmBackend(threads, winograd);

const label = (g: Conv2dGeometry): string => `n${g.n} ${g.inC}->${g.outC} ${g.inH}x${g.inW} p${g.padH},${g.padW}`;

describe("usesWinograd", () => {
  it("takes only 3x3, stride-1, dilation-1 convs with padding at most 2", () => {
    const g = geometry(cases[3]!);
    expect(usesWinograd(g, "always")).toBe(true);
    expect(usesWinograd({ ...g, strideW: 2 }, "always")).toBe(false);
    expect(usesWinograd({ ...g, dilH: 2 }, "always")).toBe(false);
    expect(usesWinograd({ ...g, kW: 2 }, "always")).toBe(false);
    expect(usesWinograd({ ...g, padH: 3 }, "always")).toBe(false);
    expect(usesWinograd(g, "never")).toBe(false);
  });

  it("by default, only with enough channels (the U-Net's 64/128-channel convs, not its 3-channel input conv)", () => {
    const g = geometry(cases[3]!);
    expect(usesWinograd({ ...g, inC: 64, outC: 64 }, "auto")).toBe(true);
    expect(usesWinograd({ ...g, inC: 128, outC: 64 }, "auto")).toBe(true);
    expect(usesWinograd({ ...g, inC: 3, outC: 64 }, "auto")).toBe(false);
    expect(usesWinograd({ ...g, inC: 32, outC: 32 }, "auto")).toBe(false);
  });

  it("createWasmBackend rejects an unknown winograd option", async () => {
    // a JavaScript caller can pass anything
    const options = JSON.parse('{"winograd": "sometimes"}') as { winograd: "auto" };
    await expect(createWasmBackend(options)).rejects.toThrow('winograd must be one of "auto", "always", "never", "f2x2", got sometimes');
  });
});

describe("winogradTile (forward and data gradient)", () => {
  const at = (inC: number, outC: number, side: number): Conv2dGeometry => geometry({ n: 1, inC, outC, inH: side, inW: side, padH: 1, padW: 1 });

  it("auto: F(4x4) from 16x16 images on with a few channels, F(2x2) below with many, else direct", () => {
    expect(winogradTile(at(64, 64, 128), "auto")).toBe(4);
    expect(winogradTile(at(128, 64, 64), "auto")).toBe(4);
    expect(winogradTile(at(3, 64, 128), "auto")).toBe(4);
    expect(winogradTile(at(64, 64, 16), "auto")).toBe(4);
    expect(winogradTile(at(64, 64, 15), "auto")).toBe(2);
    expect(winogradTile(at(128, 128, 8), "auto")).toBe(2);
    expect(winogradTile(at(32, 32, 8), "auto")).toBe(0);
    expect(winogradTile(at(2, 2, 128), "auto")).toBe(0);
    expect(winogradTile({ ...at(64, 64, 128), strideH: 2 }, "auto")).toBe(0);
  });

  it("always: every conv that fits, F(4x4) where input and output are 16 a side or more; f2x2: F(2x2) only; never: none", () => {
    expect(winogradTile(at(1, 1, 16), "always")).toBe(4);
    expect(winogradTile(at(1, 1, 15), "always")).toBe(2);
    // padding 0: a 17x17 input gives a 15x15 output
    expect(winogradTile({ ...at(1, 1, 17), padH: 0, outH: 15 }, "always")).toBe(2);
    expect(winogradTile(at(128, 128, 128), "f2x2")).toBe(2);
    expect(winogradTile(at(1, 1, 3), "f2x2")).toBe(2);
    expect(winogradTile(at(64, 64, 128), "never")).toBe(0);
    expect(winogradTile({ ...at(64, 64, 128), padW: 3 }, "always")).toBe(0);
    expect(winogradTile({ ...at(64, 64, 128), dilW: 2 }, "always")).toBe(0);
    // images under 3 a side: no output has all its taps in the image (src/bounds/conv-rounding.ts needs one)
    expect(winogradTile(at(64, 64, 3), "always")).toBe(2);
    expect(winogradTile(at(64, 64, 2), "always")).toBe(0);
    expect(winogradTile({ ...at(64, 64, 4), padW: 0, outW: 2 }, "f2x2")).toBe(0);
    expect(usesWinograd(at(64, 64, 2), "always")).toBe(false);
  });
});

for (const [threads, use] of [
  [1, "f2x2"],
  [2, "f2x2"],
  [1, "always"],
  [2, "always"],
] as const) {
  describe(`Winograd ${use === "f2x2" ? "F(2x2, 3x3)" : "F(4x4, 3x3) and F(2x2, 3x3)"}, ${threads} thread(s)`, () => {
    it("conv2d forward, data and weight (and bias) gradients match the float64 reference", async () => {
      const be = await backend(threads, use);
      const next = rng(31 + threads);
      cases.forEach((c, k) => {
        const g = geometry(c);
        // images under 3 a side (the first three cases) take the direct kernels
        const side = Math.min(g.inH, g.inW, g.outH, g.outW);
        expect(winogradTile(g, use), label(g)).toBe(side < 3 ? 0 : use === "f2x2" || side < 16 ? 2 : 4);
        expect(usesWinograd(g, use), label(g)).toBe(side >= 3);
        const x = randomArray(g.n * g.inC * g.inH * g.inW, next);
        const w = randomArray(g.outC * g.inC * 9, next);
        const bias = k % 2 === 0 ? randomArray(g.outC, next) : null;
        const dy = randomArray(g.n * g.outC * g.outH * g.outW, next);
        const y = new Float32Array(dy.length).fill(NaN);
        be.conv2dForward(g, x, w, bias, y);
        expectFloat32Close(y, naiveConv2d(g, x, w, bias), `${label(g)} y`, g.inC * 9);
        const dx = new Float32Array(x.length).fill(NaN);
        be.conv2dBackwardData(g, dy, w, dx);
        const ref = naiveConv2dGrads(g, x, w, dy);
        expectFloat32Close(dx, ref.dx, `${label(g)} dx`, g.outC * 9);
        const dw = new Float32Array(w.length).fill(NaN);
        const db = k % 3 === 0 ? null : new Float32Array(g.outC).fill(NaN);
        be.conv2dBackwardWeight(g, x, dy, dw, db);
        expectFloat32Close(dw, ref.dw, `${label(g)} dw`, g.n * g.outH * g.outW);
        if (db !== null) expectFloat32Close(db, ref.db, `${label(g)} db`, g.n * g.outH * g.outW);
      });
    });

    it("convTranspose2d with a 3x3 stride-1 kernel: forward and both gradients match the reference", async () => {
      const be = await backend(threads, use);
      const next = rng(57 + threads);
      for (const c of cases.filter((k) => k.inC * k.outC < 4096)) {
        // a transposed conv with padding p is the data gradient of a conv with padding p
        const outH = c.inH + 2 - 2 * c.padH,
          outW = c.inW + 2 - 2 * c.padW;
        if (outH < 1 || outW < 1) continue;
        const g: ConvTranspose2dGeometry = {
          n: c.n,
          inC: c.inC,
          outC: c.outC,
          inH: c.inH,
          inW: c.inW,
          outH,
          outW,
          kH: 3,
          kW: 3,
          strideH: 1,
          strideW: 1,
          padH: c.padH,
          padW: c.padW,
          dilH: 1,
          dilW: 1,
          outPadH: 0,
          outPadW: 0,
        };
        const x = randomArray(g.n * g.inC * g.inH * g.inW, next);
        const w = randomArray(g.inC * g.outC * 9, next);
        const bias = randomArray(g.outC, next);
        const y = new Float32Array(g.n * g.outC * outH * outW).fill(NaN);
        const name = `T ${label({ ...g, outH, outW })}`;
        be.convTranspose2dForward(g, x, w, bias, y);
        expectFloat32Close(y, naiveConvTranspose2d(g, x, w, bias), `${name} y`, g.inC * 9);
        const dy = randomArray(y.length, next);
        const ref = naiveConvTranspose2dGrads(g, x, w, dy);
        const dx = new Float32Array(x.length).fill(NaN);
        be.convTranspose2dBackwardData(g, dy, w, dx);
        expectFloat32Close(dx, ref.dx, `${name} dx`, g.outC * 9);
        const dw = new Float32Array(w.length).fill(NaN);
        const db = new Float32Array(g.outC).fill(NaN);
        be.convTranspose2dBackwardWeight(g, x, dy, dw, db);
        expectFloat32Close(dw, ref.dw, `${name} dw`, g.n * g.inH * g.inW);
        expectFloat32Close(db, ref.db, `${name} db`, g.n * outH * outW);
      }
    });
  });
}

/** max |got - want| / max |want|: the error relative to the output's scale. */
function relativeError(got: Float32Array, want: Float64Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return err / scale;
}

describe("the U-Net's sizes: direct, F(2x2) and F(4x4) against float64", () => {
  // the data gradient runs the forward's kernel (with flipped weights, checked at every other size): at 128x128
  // its float64 scatter reference would take a minute, so only the forward is checked there
  const unetCases: readonly Case[] = [
    // UNet2's first level's 128x128 tiling (24 channels, not 64: the float64 reference is a naive loop, and the
    // 64-channel sums are checked at 37x41 below)
    { n: 1, inC: 24, outC: 24, inH: 128, inW: 128, padH: 1, padW: 1 },
    { n: 1, inC: 64, outC: 64, inH: 37, inW: 41, padH: 2, padW: 2 },
    { n: 2, inC: 61, outC: 62, inH: 33, inW: 19, padH: 0, padW: 0 },
  ];
  for (const c of unetCases) {
    const g = geometry(c);
    const withDx = g.inH * g.inW < 128 * 128;
    it(`${label(g)}: forward${withDx ? " and data gradient" : ""} within the float32 tolerance on 1 and 2 threads`, async () => {
      const next = rng(91);
      const x = randomArray(g.n * g.inC * g.inH * g.inW, next);
      const w = randomArray(g.outC * g.inC * 9, next);
      const bias = randomArray(g.outC, next);
      const dy = randomArray(g.n * g.outC * g.outH * g.outW, next);
      const yRef = naiveConv2d(g, x, w, bias);
      const dxRef = withDx ? naiveConv2dBackwardData(g, dy, w) : null;
      const errors: string[] = [];
      for (const use of ["never", "f2x2", "always"] as const) {
        for (const threads of [1, 2]) {
          const be = await backend(threads, use);
          expect(winogradTile(g, use)).toBe(use === "never" ? 0 : use === "f2x2" ? 2 : 4);
          const y = new Float32Array(yRef.length).fill(NaN);
          be.conv2dForward(g, x, w, bias, y);
          expectFloat32Close(y, yRef, `${use} ${threads}t ${label(g)} y`, g.inC * 9);
          let error = `${{ never: "direct", f2x2: "F(2x2)", always: "F(4x4)" }[use]} y ${relativeError(y, yRef).toExponential(2)}`;
          if (dxRef !== null) {
            const dx = new Float32Array(x.length).fill(NaN);
            be.conv2dBackwardData(g, dy, w, dx);
            expectFloat32Close(dx, dxRef, `${use} ${threads}t ${label(g)} dx`, g.outC * 9);
            error += ` dx ${relativeError(dx, dxRef).toExponential(2)}`;
          }
          if (threads === 1) errors.push(error);
        }
      }
      console.log(`winograd ${label(g)}: max |error| / max |reference|: ${errors.join("; ")}`);
    }, 60_000);
  }
});

describe("certified bounds cover every Winograd path", () => {
  // The filter's only nonzero tap reads the zero padding at the top and left borders: there the exact output is
  // 0, yet the Winograd transforms mix the tap with the patch's image pixels and round (about 1e-7 here).
  it("a filter whose only nonzero tap lies on the padding at the border, by F(2x2) and F(4x4)", async () => {
    const S = 16;
    const x = Tensor.wrap(
      [1, 1, S, S] as Shape,
      "float32",
      Float32Array.from({ length: S * S }, (_, i) => 1 + ((i * 7919) % 97) / 97),
    );
    const w = Tensor.wrap([1, 1, 3, 3] as Shape, "float32", Float32Array.from([1.2345678, 0, 0, 0, 0, 0, 0, 0, 0]));
    const forward = (t: T): T => ops.conv2d(t, w, null, { padding: 1 });
    const { lower, upper } = bounds(forward, { lower: x, upper: x }, { method: "ibp" });
    const previous = currentBackend();
    for (const use of ["f2x2", "always"] as const) {
      const be = await backend(1, use);
      useBackend(be);
      try {
        const y = noGrad(() => forward(x)).data;
        let inexact = 0;
        for (let j = 0; j < y.length; j++) {
          if (j < S && y[j] !== 0) inexact++;
          if (!(lower.data[j]! <= y[j]! && y[j]! <= upper.data[j]!)) {
            expect.fail(`${use}: output ${j} = ${y[j]} outside [${lower.data[j]}, ${upper.data[j]}]`);
          }
        }
        // the case tests something: on the top row, where the exact output is 0, Winograd's is not always
        expect(inexact, use).toBeGreaterThan(0);
      } finally {
        useBackend(previous);
      }
    }
  });
});
