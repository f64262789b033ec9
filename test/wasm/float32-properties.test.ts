/**
 * The float32 paths of every backend under test, on the property-test geometries (stride, dilation,
 * rectangular kernels, padding, output padding, batch 2) widened to channel counts that fill and
 * overflow the SIMD tiles: every conv2d / convTranspose2d kernel against the direct float64
 * references of test/kernels/kernel-helpers.ts, evaluated on the same float32 inputs.
 * test/kernels/properties.test.ts checks gradients by finite differences in float64, which the wasm
 * backend delegates to js; this file is what exercises its float32 gradient kernels with properties.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Conv2dGeometry, ConvTranspose2dGeometry } from "../../src/kernels/geometry.js";
import { backendsUnderTest } from "../helpers/backends.js";
import {
  closeness, conv2dGeometry, convOut, convTranspose2dGeometry, convTransposeOut, naiveConv2d, naiveConv2dBackwardData,
  naiveConv2dBackwardWeight, randomF64, rng,
} from "../kernels/kernel-helpers.js";

const fcOptions = { seed: 20261126, numRuns: 40 };

const geometryArb = fc.record({
  n: fc.integer({ min: 1, max: 2 }),
  inC: fc.integer({ min: 1, max: 11 }),
  outC: fc.integer({ min: 1, max: 11 }),
  inH: fc.integer({ min: 1, max: 9 }),
  inW: fc.integer({ min: 1, max: 21 }),
  kH: fc.integer({ min: 1, max: 4 }),
  kW: fc.integer({ min: 1, max: 4 }),
  strideH: fc.integer({ min: 1, max: 3 }),
  strideW: fc.integer({ min: 1, max: 3 }),
  padH: fc.integer({ min: 0, max: 2 }),
  padW: fc.integer({ min: 0, max: 2 }),
  dilH: fc.integer({ min: 1, max: 2 }),
  dilW: fc.integer({ min: 1, max: 2 }),
  outPadH: fc.integer({ min: 0, max: 2 }),
  outPadW: fc.integer({ min: 0, max: 2 }),
  seed: fc.integer(),
});

const convArb = geometryArb.filter((p) => convOut(p.inH, p.kH, p.strideH, p.padH, p.dilH) >= 1 && convOut(p.inW, p.kW, p.strideW, p.padW, p.dilW) >= 1);

const convTransposeArb = geometryArb
  .filter((p) => p.outPadH < Math.max(p.strideH, p.dilH) && p.outPadW < Math.max(p.strideW, p.dilW))
  .filter((p) => convTransposeOut(p.inH, p.kH, p.strideH, p.padH, p.dilH, p.outPadH) >= 1
    && convTransposeOut(p.inW, p.kW, p.strideW, p.padW, p.dilW, p.outPadW) >= 1);

/** float32 sums of `terms` products of values in [-1, 1]: rounding grows with the number of terms. */
function f32Close(label: string, got: Float32Array, want: Float64Array, terms: number): void {
  expect(closeness(got, want, 2e-7 * Math.max(16, terms), 1e-5), label).toBeNull();
}

function f32Random(len: number, rand: () => number): Float32Array {
  return Float32Array.from(randomF64(len, rand));
}

/** The conv2d whose data gradient a convTranspose2d is (its input is the transposed conv's output). */
function asConv(g: ConvTranspose2dGeometry): Conv2dGeometry {
  return {
    n: g.n, inC: g.outC, inH: g.outH, inW: g.outW, outC: g.inC, outH: g.inH, outW: g.inW,
    kH: g.kH, kW: g.kW, strideH: g.strideH, strideW: g.strideW, padH: g.padH, padW: g.padW, dilH: g.dilH, dilW: g.dilW,
  };
}

function channelSums(v: Float32Array, n: number, c: number, plane: number): Float64Array {
  const out = new Float64Array(c);
  for (let b = 0; b < n; b++) for (let k = 0; k < c; k++) for (let i = 0; i < plane; i++) out[k]! += v[(b * c + k) * plane + i]!;
  return out;
}

for (const entry of backendsUnderTest) {
  describe(`float32 kernels [${entry.name}]`, () => {
    it("conv2d forward, data gradient, weight and bias gradients match float64 references", async () => {
      const be = await entry.create();
      fc.assert(
        fc.property(convArb, (p) => {
          const g = conv2dGeometry(p);
          const rand = rng(p.seed);
          const x = f32Random(g.n * g.inC * g.inH * g.inW, rand);
          const w = f32Random(g.outC * g.inC * g.kH * g.kW, rand);
          const bias = f32Random(g.outC, rand);
          const dy = f32Random(g.n * g.outC * g.outH * g.outW, rand);
          const y = new Float32Array(dy.length).fill(NaN);
          be.conv2dForward(g, x, w, bias, y);
          f32Close("y", y, naiveConv2d(g, x, w, bias), g.inC * g.kH * g.kW);
          const dx = new Float32Array(x.length).fill(NaN);
          be.conv2dBackwardData(g, dy, w, dx);
          f32Close("dx", dx, naiveConv2dBackwardData(g, dy, w), g.outC * g.kH * g.kW);
          const dw = new Float32Array(w.length).fill(NaN);
          const db = new Float32Array(g.outC).fill(NaN);
          be.conv2dBackwardWeight(g, x, dy, dw, db);
          const pixels = g.n * g.outH * g.outW;
          f32Close("dw", dw, naiveConv2dBackwardWeight(g, x, dy), pixels);
          f32Close("db", db, channelSums(dy, g.n, g.outC, g.outH * g.outW), pixels);
        }),
        fcOptions,
      );
    });

    it("convTranspose2d forward (with bias), data gradient, weight and bias gradients match float64 references", async () => {
      const be = await entry.create();
      fc.assert(
        fc.property(convTransposeArb, (p) => {
          const g = convTranspose2dGeometry(p);
          const c = asConv(g);
          const rand = rng(p.seed);
          const x = f32Random(g.n * g.inC * g.inH * g.inW, rand);
          const w = f32Random(g.inC * g.outC * g.kH * g.kW, rand);
          const bias = f32Random(g.outC, rand);
          const dy = f32Random(g.n * g.outC * g.outH * g.outW, rand);
          const plane = g.outH * g.outW;
          const want = naiveConv2dBackwardData(c, x, w);
          for (let i = 0; i < want.length; i++) want[i]! += bias[Math.floor(i / plane) % g.outC]!;
          const y = new Float32Array(dy.length).fill(NaN);
          be.convTranspose2dForward(g, x, w, bias, y);
          f32Close("y", y, want, g.inC * g.kH * g.kW);
          const dx = new Float32Array(x.length).fill(NaN);
          be.convTranspose2dBackwardData(g, dy, w, dx);
          f32Close("dx", dx, naiveConv2d(c, dy, w, null), g.outC * g.kH * g.kW);
          const dw = new Float32Array(w.length).fill(NaN);
          const db = new Float32Array(g.outC).fill(NaN);
          be.convTranspose2dBackwardWeight(g, x, dy, dw, db);
          const pixels = g.n * g.inH * g.inW;
          f32Close("dw", dw, naiveConv2dBackwardWeight(c, dy, x), pixels);
          f32Close("db", db, channelSums(dy, g.n, g.outC, plane), g.n * plane);
        }),
        fcOptions,
      );
    });
  });
}
