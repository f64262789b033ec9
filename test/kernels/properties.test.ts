/**
 * Property tests over random geometries (stride > 1, dilation > 1, rectangular kernels, padding,
 * batch 2): float64 finite-difference gradient checks for every op and input, conv2d against a naive
 * 7-loop reference, the convTranspose2d / conv2d adjoint identity, max-pool ties and NaN, relu at 0.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { concatBackward, concatForward, concatLayout } from "../../src/kernels/concat.js";
import { backendsUnderTest } from "../helpers/backends.js";
import {
  closeness,
  conv2dGeometry,
  convFields,
  convOutputNonEmpty,
  convSizes,
  convTranspose2dGeometry,
  convTransposeOut,
  convTransposeSizes,
  convTransposeValid,
  distinctF64,
  dot,
  finiteDifference,
  naiveConv2d,
  naiveConv2dBackwardData,
  naiveConv2dBackwardWeight,
  naiveMaxPool,
  outPadFields,
  pool2dGeometry,
  poolOut,
  poolSizes,
  randomConvData,
  randomF64,
  rng,
  scatterByIndices,
} from "./kernel-helpers.js";

const SEED = 20261125;
const RUNS = 60;
const fcOptions = { seed: SEED, numRuns: RUNS };

/** Finite differences of a linear or piecewise-linear map in float64: rounding only, h = 1e-4. */
const FD_H = 1e-4;
const FD_ATOL = 1e-8;
const FD_RTOL = 1e-6;

function ok(label: string, failure: string | null): void {
  expect(failure, label).toBeNull();
}

const convParamsArb = fc
  .record({ ...convFields({ c: [1, 3], h: [1, 8], w: [1, 8], k: [1, 3], stride: [1, 3] }), seed: fc.integer() })
  .filter(convOutputNonEmpty);

const convTransposeParamsArb = fc
  .record({ ...convFields({ c: [1, 3], h: [1, 6], w: [1, 6], k: [1, 4], stride: [1, 3] }), ...outPadFields, seed: fc.integer() })
  .filter(convTransposeValid);

const poolParamsArb = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 3 }),
    inH: fc.integer({ min: 1, max: 9 }),
    inW: fc.integer({ min: 1, max: 9 }),
    kH: fc.integer({ min: 1, max: 4 }),
    kW: fc.integer({ min: 1, max: 4 }),
    strideH: fc.integer({ min: 1, max: 3 }),
    strideW: fc.integer({ min: 1, max: 3 }),
    padH: fc.integer({ min: 0, max: 2 }),
    padW: fc.integer({ min: 0, max: 2 }),
    dilH: fc.integer({ min: 1, max: 2 }),
    dilW: fc.integer({ min: 1, max: 2 }),
    ceil: fc.boolean(),
    seed: fc.integer(),
  })
  // PyTorch: padding at most half the kernel; output non-empty
  .filter((p) => 2 * p.padH <= p.kH && 2 * p.padW <= p.kW)
  .filter((p) => poolOut(p.inH, p.kH, p.strideH, p.padH, p.dilH, p.ceil) >= 1 && poolOut(p.inW, p.kW, p.strideW, p.padW, p.dilW, p.ceil) >= 1);

/** A conv-like kernel family at one geometry: forward, data gradient, weight (and bias) gradient. */
interface ConvKernels {
  forward(x: Float64Array, w: Float64Array, bias: Float64Array | null, y: Float64Array): void;
  backwardData(dy: Float64Array, w: Float64Array, dx: Float64Array): void;
  backwardWeight(x: Float64Array, dy: Float64Array, dw: Float64Array, db: Float64Array | null): void;
}

/** dx, dw and db against central finite differences of <r, forward(x, w, bias)>; dw is the same without db. */
function checkGradsByFiniteDifferences(k: ConvKernels, s: { x: number; w: number; y: number }, outC: number, seed: number): void {
  const { x, w, bias, dy: r } = randomConvData(s, outC, rng(seed));
  const y = new Float64Array(s.y);
  const loss = (): number => {
    k.forward(x, w, bias, y);
    return dot(r, y);
  };
  const dx = new Float64Array(s.x).fill(NaN);
  k.backwardData(r, w, dx);
  const dw = new Float64Array(s.w).fill(NaN);
  const db = new Float64Array(outC).fill(NaN);
  k.backwardWeight(x, r, dw, db);
  ok("dx", closeness(dx, finiteDifference(x, loss, FD_H), FD_ATOL, FD_RTOL));
  ok("dw", closeness(dw, finiteDifference(w, loss, FD_H), FD_ATOL, FD_RTOL));
  ok("db", closeness(db, finiteDifference(bias, loss, FD_H), FD_ATOL, FD_RTOL));
  const dw2 = new Float64Array(s.w).fill(NaN);
  k.backwardWeight(x, r, dw2, null);
  ok("dw without db", closeness(dw2, dw, 0, 0));
}

for (const entry of backendsUnderTest) {
  const backend = (): Promise<KernelBackend> => entry.create();
  /** A property over `arb` checked on this entry's backend. */
  const holds = <T>(name: string, arb: fc.Arbitrary<T>, check: (be: KernelBackend, p: T) => void): void => {
    it(name, async () => {
      const be = await backend();
      fc.assert(
        fc.property(arb, (p) => check(be, p)),
        fcOptions,
      );
    });
  };

  describe(`conv2d properties [${entry.name}]`, () => {
    it("forward equals a direct 7-loop reference (float64 and float32)", async () => {
      const be = await backend();
      fc.assert(
        fc.property(convParamsArb, fc.boolean(), (p, withBias) => {
          const g = conv2dGeometry(p);
          const s = convSizes(g);
          const rand = rng(p.seed);
          const x = randomF64(s.x, rand);
          const w = randomF64(s.w, rand);
          const bias = withBias ? randomF64(g.outC, rand) : null;
          const want = naiveConv2d(g, x, w, bias);
          const y = new Float64Array(s.y).fill(NaN);
          be.conv2dForward(g, x, w, bias, y);
          ok("float64 forward", closeness(y, want, 1e-12, 1e-12));
          const x32 = Float32Array.from(x);
          const w32 = Float32Array.from(w);
          const b32 = bias === null ? null : Float32Array.from(bias);
          const want32 = naiveConv2d(g, x32, w32, b32);
          const y32 = new Float32Array(s.y).fill(NaN);
          be.conv2dForward(g, x32, w32, b32, y32);
          ok("float32 forward", closeness(y32, want32, 1e-6, 1e-6));
        }),
        fcOptions,
      );
    });

    holds("backward-data, backward-weight and bias gradients match central finite differences (float64)", convParamsArb, (be, p) => {
      const g = conv2dGeometry(p);
      const kernels: ConvKernels = {
        forward: (x, w, bias, y) => be.conv2dForward(g, x, w, bias, y),
        backwardData: (dy, w, dx) => be.conv2dBackwardData(g, dy, w, dx),
        backwardWeight: (x, dy, dw, db) => be.conv2dBackwardWeight(g, x, dy, dw, db),
      };
      checkGradsByFiniteDifferences(kernels, convSizes(g), g.outC, p.seed);
    });

    it("larger images (several row chunks, rows wider than a chunk, odd channel counts) match direct references", async () => {
      const be = await backend();
      const bigArb = fc
        .record({ ...convFields({ c: [1, 6], h: [8, 40], w: [1, 300], k: [1, 4], stride: [1, 2] }), seed: fc.integer() })
        .filter(convOutputNonEmpty);
      fc.assert(
        fc.property(bigArb, (p) => {
          const g = conv2dGeometry(p);
          const s = convSizes(g);
          const { x, w, bias, dy: r } = randomConvData(s, g.outC, rng(p.seed));
          const y = new Float64Array(s.y).fill(NaN);
          be.conv2dForward(g, x, w, bias, y);
          ok("forward", closeness(y, naiveConv2d(g, x, w, bias), 1e-11, 1e-11));
          const dx = new Float64Array(s.x).fill(NaN);
          be.conv2dBackwardData(g, r, w, dx);
          ok("dx", closeness(dx, naiveConv2dBackwardData(g, r, w), 1e-11, 1e-11));
          const dw = new Float64Array(s.w).fill(NaN);
          be.conv2dBackwardWeight(g, x, r, dw, null);
          ok("dw", closeness(dw, naiveConv2dBackwardWeight(g, x, r), 1e-10, 1e-11));
        }),
        { seed: SEED, numRuns: 25 },
      );
    });

    holds("float32 gradients agree with float64 ones", convParamsArb, (be, p) => {
      const g = conv2dGeometry(p);
      const s = convSizes(g);
      const rand = rng(p.seed);
      const x = Float32Array.from(randomF64(s.x, rand));
      const w = Float32Array.from(randomF64(s.w, rand));
      const r = Float32Array.from(randomF64(s.y, rand));
      const dx64 = new Float64Array(s.x);
      const dw64 = new Float64Array(s.w);
      const db64 = new Float64Array(g.outC);
      be.conv2dBackwardData(g, Float64Array.from(r), Float64Array.from(w), dx64);
      be.conv2dBackwardWeight(g, Float64Array.from(x), Float64Array.from(r), dw64, db64);
      const dx = new Float32Array(s.x).fill(NaN);
      const dw = new Float32Array(s.w).fill(NaN);
      const db = new Float32Array(g.outC).fill(NaN);
      be.conv2dBackwardData(g, r, w, dx);
      be.conv2dBackwardWeight(g, x, r, dw, db);
      ok("dx f32", closeness(dx, dx64, 1e-6, 1e-6));
      ok("dw f32", closeness(dw, dw64, 1e-6, 1e-6));
      ok("db f32", closeness(db, db64, 1e-6, 1e-6));
    });
  });

  describe(`convTranspose2d properties [${entry.name}]`, () => {
    holds("forward equals conv2d backward-data for the matching conv geometry, and is conv2d's adjoint", convParamsArb, (be, p) => {
      const gC = conv2dGeometry(p);
      const outPadH = gC.inH - convTransposeOut(gC.outH, p.kH, p.strideH, p.padH, p.dilH, 0);
      const outPadW = gC.inW - convTransposeOut(gC.outW, p.kW, p.strideW, p.padW, p.dilW, 0);
      expect(outPadH).toBeGreaterThanOrEqual(0);
      expect(outPadH).toBeLessThan(p.strideH);
      expect(outPadW).toBeGreaterThanOrEqual(0);
      expect(outPadW).toBeLessThan(p.strideW);
      const gT = convTranspose2dGeometry({
        ...p,
        inC: gC.outC,
        outC: gC.inC,
        inH: gC.outH,
        inW: gC.outW,
        outPadH,
        outPadW,
      });
      expect([gT.outH, gT.outW]).toEqual([gC.inH, gC.inW]);
      const s = convSizes(gC);
      const rand = rng(p.seed);
      const w = randomF64(s.w, rand); // (conv outC, conv inC, kH, kW) = (convT inC, convT outC, kH, kW)
      const dy = randomF64(s.y, rand);
      const x = randomF64(s.x, rand);
      const viaTranspose = new Float64Array(s.x).fill(NaN);
      be.convTranspose2dForward(gT, dy, w, null, viaTranspose);
      const viaConv = new Float64Array(s.x).fill(NaN);
      be.conv2dBackwardData(gC, dy, w, viaConv);
      ok("convTranspose2d(dy) = conv2dBackwardData(dy)", closeness(viaTranspose, viaConv, 1e-12, 1e-12));
      // <conv2d(x), dy> = <x, convTranspose2d(dy)>, through the forward kernels only
      const y = new Float64Array(s.y);
      be.conv2dForward(gC, x, w, null, y);
      const lhs = dot(y, dy);
      const rhs = dot(x, viaTranspose);
      expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(lhs)));
    });

    holds("every gradient matches central finite differences (float64)", convTransposeParamsArb, (be, p) => {
      const g = convTranspose2dGeometry(p);
      const kernels: ConvKernels = {
        forward: (x, w, bias, y) => be.convTranspose2dForward(g, x, w, bias, y),
        backwardData: (dy, w, dx) => be.convTranspose2dBackwardData(g, dy, w, dx),
        backwardWeight: (x, dy, dw, db) => be.convTranspose2dBackwardWeight(g, x, dy, dw, db),
      };
      checkGradsByFiniteDifferences(kernels, convTransposeSizes(g), g.outC, p.seed);
    });
  });

  describe(`maxPool2d properties [${entry.name}]`, () => {
    holds("gradient matches central finite differences on distinct values (float64)", poolParamsArb, (be, p) => {
      const g = pool2dGeometry(p);
      const s = poolSizes(g);
      const rand = rng(p.seed);
      const x = distinctF64(s.x, rand);
      const r = randomF64(s.y, rand);
      const y = new Float64Array(s.y);
      const indices = new Int32Array(s.y);
      const loss = (): number => {
        be.maxPool2dForward(g, x, y, indices);
        return dot(r, y);
      };
      loss();
      const dx = new Float64Array(s.x).fill(NaN);
      be.maxPool2dBackward(g, r, indices, dx);
      ok("dx", closeness(dx, finiteDifference(x, loss, 1e-5), FD_ATOL, FD_RTOL));
    });

    holds("ties: the output index and the gradient go to the first maximum in row-major window order", poolParamsArb, (be, p) => {
      const g = pool2dGeometry(p);
      const s = poolSizes(g);
      const rand = rng(p.seed);
      const x = new Float32Array(s.x);
      // values in {-inf, -1, 0, 1}: many ties; an all -inf window reports its first in-image position
      for (let i = 0; i < s.x; i++) x[i] = rand() < 0.3 ? -Infinity : Math.floor(rand() * 3) - 1;
      const want = naiveMaxPool(g, x);
      const y = new Float32Array(s.y).fill(NaN);
      const indices = new Int32Array(s.y).fill(-7);
      be.maxPool2dForward(g, x, y, indices);
      ok("y", closeness(y, want.y, 0, 0));
      expect(Array.from(indices)).toEqual(Array.from(want.indices));
      const dy = Float32Array.from(randomF64(s.y, rand));
      const dx = new Float32Array(s.x).fill(NaN);
      be.maxPool2dBackward(g, dy, indices, dx);
      ok("dx", closeness(dx, scatterByIndices(g, dy, want.indices), 1e-6, 1e-6));
    });

    holds("NaN propagates: a window holding NaN outputs NaN with the index of its (last) NaN, as PyTorch's CPU kernel", poolParamsArb, (be, p) => {
      const g = pool2dGeometry(p);
      const s = poolSizes(g);
      const rand = rng(p.seed);
      const x = new Float64Array(s.x);
      for (let i = 0; i < s.x; i++) x[i] = rand() < 0.2 ? NaN : Math.floor(rand() * 4);
      const want = naiveMaxPool(g, x);
      const y = new Float64Array(s.y).fill(0);
      const indices = new Int32Array(s.y).fill(-7);
      be.maxPool2dForward(g, x, y, indices);
      ok("y", closeness(y, want.y, 0, 0));
      expect(Array.from(indices)).toEqual(Array.from(want.indices));
    });

    it("a single NaN in a window wins over larger values and a padded border", async () => {
      const be = await backend();
      // one plane 3x3, kernel 2x2, stride 1, padding 1 -> 4x4 output
      const g = pool2dGeometry({ n: 1, c: 1, inH: 3, inW: 3, kH: 2, kW: 2, strideH: 1, strideW: 1, padH: 1, padW: 1, dilH: 1, dilW: 1, ceil: false });
      const x = Float32Array.from([5, 1, 2, 3, NaN, 4, 0, 7, 6]);
      const y = new Float32Array(16);
      const indices = new Int32Array(16);
      be.maxPool2dForward(g, x, y, indices);
      for (let oh = 0; oh < 4; oh++) {
        for (let ow = 0; ow < 4; ow++) {
          const touchesCenter = oh >= 1 && oh <= 2 && ow >= 1 && ow <= 2; // windows containing x[1][1]
          const i = oh * 4 + ow;
          expect(Number.isNaN(y[i]!), `y[${oh}][${ow}] NaN`).toBe(touchesCenter);
          if (touchesCenter) expect(indices[i]).toBe(4);
          else expect(x[indices[i]!]).toBe(y[i]);
        }
      }
      const dx = new Float32Array(9).fill(NaN);
      be.maxPool2dBackward(g, new Float32Array(16).fill(1), indices, dx);
      expect(dx[4]).toBe(4); // four overlapping windows route their gradient to the NaN
    });
  });

  describe(`relu properties [${entry.name}]`, () => {
    it("gradient matches central finite differences away from 0 (float64)", async () => {
      const be = await backend();
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 200 }), fc.integer(), (len, seed) => {
          const rand = rng(seed);
          const x = randomF64(len, rand).map((v) => (Math.abs(v) < 0.01 ? v + 0.05 : v));
          const r = randomF64(len, rand);
          const y = new Float64Array(len);
          const loss = (): number => {
            be.reluForward(x, y);
            return dot(r, y);
          };
          loss();
          const dx = new Float64Array(len).fill(NaN);
          be.reluBackward(y, r, dx);
          ok("dx", closeness(dx, finiteDifference(x, loss, 1e-5), FD_ATOL, FD_RTOL));
        }),
        fcOptions,
      );
    });

    it("at exactly 0 (and -0) the output is 0 and the derivative is 0; NaN stays NaN", async () => {
      const be = await backend();
      for (const make of [(a: number[]) => Float32Array.from(a), (a: number[]) => Float64Array.from(a)]) {
        const x = make([0, -0, 1.5, -2, NaN, 3]);
        const y = make([9, 9, 9, 9, 9, 9]);
        be.reluForward(x, y);
        expect(Array.from(y).map((v) => (Object.is(v, -0) ? 0 : v))).toEqual([0, 0, 1.5, 0, NaN, 3]);
        const dy = make([7, 8, 9, 10, 11, 12]);
        const dx = make([5, 5, 5, 5, 5, 5]);
        be.reluBackward(y, dy, dx);
        expect(dx[0]).toBe(0);
        expect(dx[1]).toBe(0);
        expect(dx[2]).toBe(9);
        expect(dx[3]).toBe(0);
        expect(dx[5]).toBe(12);
        // PyTorch's threshold_backward: dx = (y <= 0) ? 0 : dy, so a NaN output passes dy through
        expect(dx[4]).toBe(11);
      }
    });
  });
}

describe("concat properties", () => {
  const concatArb = fc
    .record({
      rank: fc.integer({ min: 1, max: 4 }),
      dims: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 4 }),
      axisSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 3 }),
      axisPick: fc.nat(),
      seed: fc.integer(),
    })
    .map((p) => {
      const axis = p.axisPick % p.rank;
      const shapes = p.axisSizes.map((a) => p.dims.slice(0, p.rank).map((d, i) => (i === axis ? a : d)));
      return { axis, shapes, seed: p.seed };
    });

  it("forward places every element where its multi-index says; backward matches finite differences (float64)", () => {
    fc.assert(
      fc.property(concatArb, ({ axis, shapes, seed }) => {
        const rand = rng(seed);
        const parts = shapes.map((s) =>
          randomF64(
            s.reduce((a, b) => a * b, 1),
            rand,
          ),
        );
        const outShape = shapes[0]!.map((d, i) => (i === axis ? shapes.reduce((a, s) => a + s[i]!, 0) : d));
        const outLen = outShape.reduce((a, b) => a * b, 1);
        const layout = concatLayout(shapes, axis);
        const out = new Float64Array(outLen).fill(NaN);
        concatForward(parts, layout.outer, layout.inners, out);
        // naive: walk every element of every part by multi-index
        const want = new Float64Array(outLen).fill(NaN);
        let axisOffset = 0;
        shapes.forEach((s, pi) => {
          const len = s.reduce((a, b) => a * b, 1);
          for (let flat = 0; flat < len; flat++) {
            let rem = flat;
            const idx = new Array<number>(s.length).fill(0);
            for (let d = s.length - 1; d >= 0; d--) {
              idx[d] = rem % s[d]!;
              rem = Math.floor(rem / s[d]!);
            }
            idx[axis] = idx[axis]! + axisOffset;
            let o = 0;
            for (let d = 0; d < s.length; d++) o = o * outShape[d]! + idx[d]!;
            want[o] = parts[pi]![flat]!;
          }
          axisOffset += s[axis]!;
        });
        ok("forward", closeness(out, want, 0, 0));
        const r = randomF64(outLen, rand);
        const grads = parts.map((p) => new Float64Array(p.length).fill(NaN));
        concatBackward(r, layout.outer, layout.inners, grads);
        const loss = (): number => {
          concatForward(parts, layout.outer, layout.inners, out);
          return dot(r, out);
        };
        parts.forEach((part, i) => {
          ok(`grad ${i}`, closeness(grads[i]!, finiteDifference(part, loss, FD_H), FD_ATOL, FD_RTOL));
        });
      }),
      fcOptions,
    );
  });
});
