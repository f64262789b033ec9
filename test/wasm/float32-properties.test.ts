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
import { backendsUnderTest } from "../helpers/backends.js";
import {
  closeness,
  conv2dGeometry,
  convFields,
  convOutputNonEmpty,
  convSizes,
  convTranspose2dGeometry,
  convTransposeSizes,
  convTransposeValid,
  naiveConv2d,
  naiveConv2dGrads,
  naiveConvTranspose2d,
  naiveConvTranspose2dGrads,
  outPadFields,
  randomConvData,
  rng,
} from "../kernels/kernel-helpers.js";

const fcOptions = { seed: 20261126, numRuns: 40 };

const geometryArb = fc.record({
  ...convFields({ c: [1, 11], h: [1, 9], w: [1, 21], k: [1, 4], stride: [1, 3] }),
  ...outPadFields,
  seed: fc.integer(),
});

const convArb = geometryArb.filter(convOutputNonEmpty);

const convTransposeArb = geometryArb.filter(convTransposeValid);

/** float32 sums of `terms` products of values in [-1, 1]: rounding grows with the number of terms. */
function f32Close(label: string, got: Float32Array, want: Float64Array, terms: number): void {
  expect(closeness(got, want, 2e-7 * Math.max(16, terms), 1e-5), label).toBeNull();
}

/** The float64 draws rounded to float32: the inputs of the float32 kernels and of the float64 references alike. */
function f32Data(d: Record<"x" | "w" | "bias" | "dy", Float64Array>): Record<"x" | "w" | "bias" | "dy", Float32Array> {
  return { x: Float32Array.from(d.x), w: Float32Array.from(d.w), bias: Float32Array.from(d.bias), dy: Float32Array.from(d.dy) };
}

for (const entry of backendsUnderTest) {
  describe(`float32 kernels [${entry.name}]`, () => {
    it("conv2d forward, data gradient, weight and bias gradients match float64 references", async () => {
      const be = await entry.create();
      fc.assert(
        fc.property(convArb, (p) => {
          const g = conv2dGeometry(p);
          const s = convSizes(g);
          const { x, w, bias, dy } = f32Data(randomConvData(s, g.outC, rng(p.seed)));
          const want = naiveConv2dGrads(g, x, w, dy);
          const y = new Float32Array(s.y).fill(NaN);
          be.conv2dForward(g, x, w, bias, y);
          f32Close("y", y, naiveConv2d(g, x, w, bias), g.inC * g.kH * g.kW);
          const dx = new Float32Array(s.x).fill(NaN);
          be.conv2dBackwardData(g, dy, w, dx);
          f32Close("dx", dx, want.dx, g.outC * g.kH * g.kW);
          const dw = new Float32Array(s.w).fill(NaN);
          const db = new Float32Array(g.outC).fill(NaN);
          be.conv2dBackwardWeight(g, x, dy, dw, db);
          const pixels = g.n * g.outH * g.outW;
          f32Close("dw", dw, want.dw, pixels);
          f32Close("db", db, want.db, pixels);
        }),
        fcOptions,
      );
    });

    it("convTranspose2d forward (with bias), data gradient, weight and bias gradients match float64 references", async () => {
      const be = await entry.create();
      fc.assert(
        fc.property(convTransposeArb, (p) => {
          const g = convTranspose2dGeometry(p);
          const s = convTransposeSizes(g);
          const { x, w, bias, dy } = f32Data(randomConvData(s, g.outC, rng(p.seed)));
          const want = naiveConvTranspose2dGrads(g, x, w, dy);
          const y = new Float32Array(s.y).fill(NaN);
          be.convTranspose2dForward(g, x, w, bias, y);
          f32Close("y", y, naiveConvTranspose2d(g, x, w, bias), g.inC * g.kH * g.kW);
          const dx = new Float32Array(s.x).fill(NaN);
          be.convTranspose2dBackwardData(g, dy, w, dx);
          f32Close("dx", dx, want.dx, g.outC * g.kH * g.kW);
          const dw = new Float32Array(s.w).fill(NaN);
          const db = new Float32Array(g.outC).fill(NaN);
          be.convTranspose2dBackwardWeight(g, x, dy, dw, db);
          f32Close("dw", dw, want.dw, g.n * g.inH * g.inW);
          f32Close("db", db, want.db, g.n * g.outH * g.outW);
        }),
        fcOptions,
      );
    });
  });
}
