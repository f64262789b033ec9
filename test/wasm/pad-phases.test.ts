/**
 * The pad kernel's stride-2 path (`padPhases2` in src/wasm/assembly/kernels.ts: each source row split by vectors
 * into its even and odd columns, both column phases at once), through every conv that prepares its input with
 * sW = 2: the direct forward, the weight gradient (x with an even channel count: odd counts get a zero plane), the
 * GEMM over patches (kernel = stride, no padding) and convTranspose2d's data and weight gradients (the conv whose
 * input is its output gradient). Widths from under one vector pair to several plus a scalar tail, left padding
 * 0, 1 and 2 (vectors start at an even or odd source column), stride 1 to 3 down the rows, dilation, odd channel
 * counts and batch 2, on 1 and 2 threads, against the float64 reference and the js backend. Each case checks that
 * the pad kernel ran, so a route around it cannot pass unnoticed.
 */
import { describe, expect, it } from "vitest";
import type { Conv2dGeometry, ConvTranspose2dGeometry } from "../../src/kernels/geometry.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import type { WasmBackend } from "../../src/wasm/index.js";
import {
  convOut,
  convTransposeOut,
  expectFloat32Close as close,
  naiveConvTranspose2dGrads,
  randomArray,
  signedRng as rng,
  expectConv2dMatches,
} from "../kernels/kernel-helpers.js";
import { sharedWasmBackend } from "./shared-backends.js";

/** [n, inC, outC, inH, inW, kH, kW, strideH, padH, padW, dilH, dilW]; strideW is 2. */
type Case = readonly [number, number, number, number, number, number, number, number, number, number, number, number];

const convCases: readonly Case[] = [
  [1, 3, 5, 9, 9, 3, 3, 2, 1, 1, 1, 1],
  [2, 5, 6, 17, 31, 3, 3, 2, 0, 0, 1, 1],
  [1, 6, 3, 12, 64, 2, 2, 2, 0, 0, 1, 1], // kernel = stride: the GEMM over patches
  [2, 3, 2, 16, 16, 2, 2, 2, 0, 0, 1, 1], // the same, batch 2
  [2, 7, 4, 10, 67, 4, 3, 1, 2, 2, 1, 1],
  [1, 4, 9, 21, 45, 3, 5, 3, 1, 2, 2, 2],
  [1, 9, 5, 13, 130, 3, 3, 2, 1, 1, 1, 1],
  [1, 2, 3, 5, 7, 1, 1, 2, 0, 2, 1, 1],
  [2, 1, 2, 8, 24, 3, 2, 2, 2, 1, 1, 2],
  // the last vector pair ends on the row's last column and the output reads the zero past it (left 2 and 1)
  [1, 3, 4, 6, 23, 3, 3, 1, 1, 2, 1, 1],
  [2, 5, 3, 7, 24, 3, 4, 2, 1, 1, 1, 1],
];

function geometry(c: Case): Conv2dGeometry {
  const [n, inC, outC, inH, inW, kH, kW, strideH, padH, padW, dilH, dilW] = c;
  const outH = convOut(inH, kH, strideH, padH, dilH);
  const outW = convOut(inW, kW, 2, padW, dilW);
  return { n, inC, outC, inH, inW, outH, outW, kH, kW, strideH, strideW: 2, padH, padW, dilH, dilW };
}

function label(g: Conv2dGeometry): string {
  return `n${g.n} ${g.inC}->${g.outC} ${g.inH}x${g.inW} k${g.kH}x${g.kW} s${g.strideH},2 p${g.padH},${g.padW} d${g.dilH},${g.dilW}`;
}

/** Runs `fn` and returns how many times the pad kernel ran in it. */
function padRuns(be: WasmBackend, fn: () => void): number {
  let runs = 0;
  be.trace = (part) => {
    if (part === "pad") runs++;
  };
  try {
    fn();
  } finally {
    be.trace = null;
  }
  return runs;
}

for (const threads of [1, 2]) {
  describe(`the pad kernel's stride-2 phases, ${threads} thread(s)`, () => {
    it("conv2d with strideW 2: forward, data and weight gradients match the reference and the js backend", async () => {
      const be = await sharedWasmBackend(threads);
      const next = rng(41);
      for (const c of convCases) {
        const g = geometry(c);
        expect(g.outH > 0 && g.outW > 0, label(g)).toBe(true);
        const at = label(g);
        const x = randomArray(g.n * g.inC * g.inH * g.inW, next);
        const w = randomArray(g.outC * g.inC * g.kH * g.kW, next);
        const bias = g.inC % 2 === 0 ? null : randomArray(g.outC, next);
        const dy = randomArray(g.n * g.outC * g.outH * g.outW, next);
        // the forward and the weight gradient prepare x with sW = 2 (the data gradient prepares dy, stride 1)
        expectConv2dMatches(be, g, x, w, bias, dy, at, (call, what) => {
          if (what === "data gradient") call();
          else expect(padRuns(be, call), `${at}: ${what} pads x`).toBeGreaterThan(0);
        });
      }
    });

    it("convTranspose2d with strideW 2: data and weight gradients (convs over its output gradient) match the reference and the js backend", async () => {
      const be = await sharedWasmBackend(threads);
      const next = rng(43);
      // [n, inC, outC, inH, inW, k, padH, padW, outPad]: k = stride 2 without padding is the U-Net's up-conv
      for (const [n, inC, outC, inH, inW, k, padH, padW, outPad] of [
        [1, 8, 4, 8, 16, 2, 0, 0, 0],
        [2, 5, 3, 4, 21, 2, 0, 0, 1],
        [1, 3, 6, 6, 9, 3, 1, 1, 0],
        [2, 4, 5, 5, 33, 3, 2, 1, 1],
        [1, 6, 7, 3, 40, 4, 1, 2, 0],
      ] as const) {
        const outH = convTransposeOut(inH, k, 2, padH, 1, outPad);
        const outW = convTransposeOut(inW, k, 2, padW, 1, outPad);
        const g: ConvTranspose2dGeometry = {
          n,
          inC,
          outC,
          inH,
          inW,
          outH,
          outW,
          kH: k,
          kW: k,
          strideH: 2,
          strideW: 2,
          padH,
          padW,
          dilH: 1,
          dilW: 1,
          outPadH: outPad,
          outPadW: outPad,
        };
        const at = `T n${n} ${inC}->${outC} ${inH}x${inW} k${k} s2 p${padH},${padW} op${outPad}`;
        const x = randomArray(n * inC * inH * inW, next);
        const w = randomArray(inC * outC * k * k, next);
        const dy = randomArray(n * outC * outH * outW, next);
        const ref = naiveConvTranspose2dGrads(g, x, w, dy);

        const dx = new Float32Array(x.length).fill(Number.NaN);
        expect(
          padRuns(be, () => be.convTranspose2dBackwardData(g, dy, w, dx)),
          `${at}: data gradient pads dy`,
        ).toBeGreaterThan(0);
        close(dx, ref.dx, `${at} dx`, outC * k * k);
        const dxJs = new Float32Array(x.length);
        jsBackend.convTranspose2dBackwardData(g, dy, w, dxJs);
        close(dx, dxJs, `${at} dx vs js`, outC * k * k);

        const dw = new Float32Array(w.length).fill(Number.NaN);
        const db = new Float32Array(outC).fill(Number.NaN);
        expect(
          padRuns(be, () => be.convTranspose2dBackwardWeight(g, x, dy, dw, db)),
          `${at}: weight gradient pads dy`,
        ).toBeGreaterThan(0);
        close(dw, ref.dw, `${at} dw`, n * inH * inW);
        close(db, ref.db, `${at} db`, n * outH * outW);
        const dwJs = new Float32Array(w.length);
        jsBackend.convTranspose2dBackwardWeight(g, x, dy, dwJs, null);
        close(dw, dwJs, `${at} dw vs js`, n * inH * inW);
      }
    });
  });
}
