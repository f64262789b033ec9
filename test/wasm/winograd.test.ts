/**
 * The Winograd F(2x2, 3x3) path of the wasm backend (conv2d 3x3, stride 1, dilation 1, padding <= 2:
 * forward, data and weight gradients, and stride-1 3x3 convTranspose2d, whose forward is that data
 * gradient with a bias) against the float64 reference, on 1 and 2 threads: partial tiles (odd sizes),
 * tiny images, every padding, channel counts that are not multiples of 4, many channels, batch 2, with
 * and without bias. The backends here take the path for every such conv (`winograd: "always"`); the
 * default takes it only with enough channels. The tolerance is the one every other wasm conv test uses.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Conv2dGeometry, ConvTranspose2dGeometry } from "../../src/kernels/geometry.js";
import { usesWinograd } from "../../src/wasm/backend.js";
import { createWasmBackend, type WasmBackend } from "../../src/wasm/index.js";
import {
  convOut,
  expectFloat32Close,
  naiveConv2d,
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
  { n: 1, inC: 7, outC: 9, inH: 11, inW: 4, padH: 2, padW: 0 },
  { n: 1, inC: 6, outC: 4, inH: 17, inW: 33, padH: 1, padW: 1 },
  { n: 2, inC: 64, outC: 64, inH: 9, inW: 11, padH: 1, padW: 1 },
  { n: 1, inC: 64, outC: 128, inH: 16, inW: 16, padH: 1, padW: 1 },
  { n: 1, inC: 128, outC: 64, inH: 8, inW: 10, padH: 1, padW: 1 },
  // 15 tile rows of 68 tiles: the weight gradient's slabs of 4 rows, the last one of 3, in both images
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

const opened = new Map<number, Promise<WasmBackend>>();
function alwaysWinograd(threads: number): Promise<WasmBackend> {
  let p = opened.get(threads);
  if (p === undefined) {
    p = createWasmBackend({ threads, winograd: "always" });
    opened.set(threads, p);
  }
  return p;
}
afterAll(async () => {
  for (const be of await Promise.all(opened.values())) be.close();
});

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
    await expect(createWasmBackend(options)).rejects.toThrow('winograd must be one of "auto", "always", "never", got sometimes');
  });
});

for (const threads of [1, 2]) {
  describe(`Winograd F(2x2, 3x3), ${threads} thread(s)`, () => {
    it("conv2d forward, data and weight (and bias) gradients match the float64 reference", async () => {
      const be = await alwaysWinograd(threads);
      const next = rng(31 + threads);
      cases.forEach((c, k) => {
        const g = geometry(c);
        expect(usesWinograd(g, "always"), label(g)).toBe(true);
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
      const be = await alwaysWinograd(threads);
      const next = rng(57 + threads);
      for (const c of cases.slice(0, 8)) {
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
