/**
 * The WebAssembly SIMD backend, on 1 and 2 threads, against a naive float64 reference and the pure
 * TypeScript backend on seeded random geometries (stride, dilation, rectangular kernels, asymmetric
 * padding, odd channel counts). The PyTorch golden files and the kernel properties run on it through
 * test/helpers/backends.ts (test/kernels/golden.test.ts, properties.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { Conv2dGeometry, ConvTranspose2dGeometry, Pool2dGeometry } from "../../src/kernels/geometry.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import {
  convOut,
  convTransposeOut,
  expectFloat32Close,
  naiveConvTranspose2d,
  naiveConvTranspose2dGrads,
  naiveMaxPool,
  randomArray,
  scatterByIndices,
  signedRng as rng,
  expectConv2dMatches,
} from "../kernels/kernel-helpers.js";
import { sharedWasmBackend } from "./shared-backends.js";

const threadCounts = [1, 2];
const backend = sharedWasmBackend;

const close = expectFloat32Close;

function randomConv(next: () => number, big: boolean): Conv2dGeometry {
  const pick = (lo: number, hi: number): number => lo + Math.floor(((next() + 1) / 2) * (hi - lo + 1));
  for (;;) {
    const kH = pick(1, 5),
      kW = pick(1, 4);
    const strideH = pick(1, 3),
      strideW = pick(1, 3);
    const dilH = pick(1, 2),
      dilW = pick(1, 2);
    const padH = pick(0, 2),
      padW = pick(0, 2);
    const inH = big ? pick(20, 40) : pick(1, 14),
      inW = big ? pick(20, 45) : pick(1, 17);
    const outH = convOut(inH, kH, strideH, padH, dilH),
      outW = convOut(inW, kW, strideW, padW, dilW);
    if (outH < 1 || outW < 1) continue;
    const n = pick(1, 2),
      inC = big ? pick(5, 13) : pick(1, 7),
      outC = big ? pick(5, 13) : pick(1, 9);
    return { n, inC, inH, inW, outC, outH, outW, kH, kW, strideH, strideW, padH, padW, dilH, dilW };
  }
}

function randomConvTranspose(next: () => number): ConvTranspose2dGeometry {
  const c = randomConv(next, false);
  // output padding must stay below max(stride, dilation), as PyTorch requires
  const outPadH = Math.floor(((next() + 1) / 2) * Math.max(c.strideH, c.dilH)) % Math.max(c.strideH, c.dilH);
  const outPadW = Math.floor(((next() + 1) / 2) * Math.max(c.strideW, c.dilW)) % Math.max(c.strideW, c.dilW);
  const outH = convTransposeOut(c.inH, c.kH, c.strideH, c.padH, c.dilH, outPadH);
  const outW = convTransposeOut(c.inW, c.kW, c.strideW, c.padW, c.dilW, outPadW);
  if (outH < 1 || outW < 1) return randomConvTranspose(next);
  return { ...c, outH, outW, outPadH, outPadW };
}

function describeGeometry(g: Conv2dGeometry): string {
  return `n${g.n} ${g.inC}->${g.outC} ${g.inH}x${g.inW} k${g.kH}x${g.kW} s${g.strideH},${g.strideW} p${g.padH},${g.padW} d${g.dilH},${g.dilW}`;
}

for (const threads of threadCounts) {
  describe(`wasm backend, ${threads} thread(s)`, () => {
    it("has the name and thread count asked for", async () => {
      const be = await backend(threads);
      expect(be.threads).toBe(threads);
      expect(be.name).toBe(`wasm-simd-${threads}t`);
    });

    for (const big of [false, true]) {
      it(`conv2d forward, data and weight gradients match the reference and the js backend (${big ? "larger" : "small"} random geometries)`, async () => {
        const be = await backend(threads);
        const next = rng(big ? 77 : 11);
        for (let k = 0; k < (big ? 6 : 40); k++) {
          const g = randomConv(next, big);
          const label = describeGeometry(g);
          const x = randomArray(g.n * g.inC * g.inH * g.inW, next);
          const w = randomArray(g.outC * g.inC * g.kH * g.kW, next);
          const bias = k % 3 === 0 ? null : randomArray(g.outC, next);
          const dy = randomArray(g.n * g.outC * g.outH * g.outW, next);
          expectConv2dMatches(be, g, x, w, bias, dy, label);
        }
      });
    }

    it("convTranspose2d with kernel = stride (the U-Net's upsampling: one GEMM, then each pixel written once) matches the reference", async () => {
      const be = await backend(threads);
      const next = rng(29);
      // [n, inC, outC, inH, inW, k, outPad]: inH·inW a multiple of 8 (the GEMM path) or not; k 2 (vector
      // interleave) and 3; output padding leaves pixels with the bias only.
      for (const [n, inC, outC, inH, inW, k, outPad] of [
        [1, 8, 4, 4, 6, 2, 0],
        [2, 5, 3, 4, 10, 2, 1],
        [1, 6, 2, 3, 5, 2, 0],
        [2, 4, 5, 4, 4, 3, 2],
        [1, 3, 7, 2, 9, 3, 0],
      ] as const) {
        const outH = (inH - 1) * k + k + outPad;
        const outW = (inW - 1) * k + k + outPad;
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
          strideH: k,
          strideW: k,
          padH: 0,
          padW: 0,
          dilH: 1,
          dilW: 1,
          outPadH: outPad,
          outPadW: outPad,
        };
        const x = randomArray(n * inC * inH * inW, next);
        const w = randomArray(inC * outC * k * k, next);
        const bias = randomArray(outC, next);
        const label = `T k=s=${k} ${n}x${inC}x${inH}x${inW} op${outPad}`;
        const y = new Float32Array(n * outC * outH * outW).fill(NaN);
        be.convTranspose2dForward(g, x, w, bias, y);
        close(y, naiveConvTranspose2d(g, x, w, bias), label, inC);
        // the gradients: dx is a conv whose windows tile dy (a GEMM over its patches when outPad is 0)
        const dy = randomArray(y.length, next);
        const ref = naiveConvTranspose2dGrads(g, x, w, dy);
        const dx = new Float32Array(x.length).fill(NaN);
        be.convTranspose2dBackwardData(g, dy, w, dx);
        close(dx, ref.dx, `${label} dx`, outC * k * k);
        const dw = new Float32Array(w.length).fill(NaN);
        const db = new Float32Array(outC).fill(NaN);
        be.convTranspose2dBackwardWeight(g, x, dy, dw, db);
        close(dw, ref.dw, `${label} dw`, n * inH * inW);
        close(db, ref.db, `${label} db`, n * outH * outW);
      }
    });

    it("convTranspose2d forward and both gradients match the reference (random geometries, output padding)", async () => {
      const be = await backend(threads);
      const next = rng(23);
      for (let k = 0; k < 40; k++) {
        const g = randomConvTranspose(next);
        const label = `T ${describeGeometry(g)} op${g.outPadH},${g.outPadW}`;
        const x = randomArray(g.n * g.inC * g.inH * g.inW, next);
        const w = randomArray(g.inC * g.outC * g.kH * g.kW, next);
        const bias = k % 3 === 0 ? null : randomArray(g.outC, next);
        const dy = randomArray(g.n * g.outC * g.outH * g.outW, next);
        const y = new Float32Array(dy.length).fill(NaN);
        be.convTranspose2dForward(g, x, w, bias, y);
        close(y, naiveConvTranspose2d(g, x, w, bias), `${label} y`, g.inC * g.kH * g.kW);
        const yJs = new Float32Array(dy.length);
        jsBackend.convTranspose2dForward(g, x, w, bias, yJs);
        close(y, yJs, `${label} y vs js`, g.inC * g.kH * g.kW);
        const ref = naiveConvTranspose2dGrads(g, x, w, dy);
        const dx = new Float32Array(x.length).fill(NaN);
        be.convTranspose2dBackwardData(g, dy, w, dx);
        close(dx, ref.dx, `${label} dx`, g.outC * g.kH * g.kW);
        const dw = new Float32Array(w.length).fill(NaN);
        const db = new Float32Array(g.outC).fill(NaN);
        be.convTranspose2dBackwardWeight(g, x, dy, dw, db);
        close(dw, ref.dw, `${label} dw`, g.n * g.inH * g.inW);
        close(db, ref.db, `${label} db`, g.n * g.outH * g.outW);
      }
    });

    it("maxPool2d forward (values and first-maximum indices, ties) and backward match the reference", async () => {
      const be = await backend(threads);
      const next = rng(5);
      for (let k = 0; k < 40; k++) {
        const c = randomConv(next, false);
        const kH = Math.min(c.kH, 3),
          kW = Math.min(c.kW, 3);
        const padH = Math.min(c.padH, Math.floor(kH / 2)),
          padW = Math.min(c.padW, Math.floor(kW / 2));
        const outH = convOut(c.inH, kH, c.strideH, padH, c.dilH),
          outW = convOut(c.inW, kW, c.strideW, padW, c.dilW);
        if (outH < 1 || outW < 1) continue;
        const g: Pool2dGeometry = {
          n: c.n,
          c: c.inC,
          inH: c.inH,
          inW: c.inW,
          outH,
          outW,
          kH,
          kW,
          strideH: c.strideH,
          strideW: c.strideW,
          padH,
          padW,
          dilH: c.dilH,
          dilW: c.dilW,
        };
        // few distinct values: many ties
        const x = randomArray(g.n * g.c * g.inH * g.inW, next).map((v) => Math.round(v * 2));
        const ref = naiveMaxPool(g, x);
        const y = new Float32Array(ref.y.length).fill(NaN);
        const idx = new Int32Array(ref.y.length).fill(-7);
        be.maxPool2dForward(g, x, y, idx);
        expect(Array.from(y)).toEqual(Array.from(ref.y));
        expect(Array.from(idx)).toEqual(Array.from(ref.indices));
        const dy = randomArray(y.length, next);
        const dx = new Float32Array(x.length).fill(NaN);
        be.maxPool2dBackward(g, dy, idx, dx);
        close(dx, scatterByIndices(g, dy, idx), "maxpool dx", 9);
      }
    });

    it("maxPool2d: NaN wins and reports its window's last NaN, as PyTorch's CPU kernel", async () => {
      const be = await backend(threads);
      const g: Pool2dGeometry = {
        n: 1,
        c: 2,
        inH: 4,
        inW: 4,
        outH: 2,
        outW: 2,
        kH: 2,
        kW: 2,
        strideH: 2,
        strideW: 2,
        padH: 0,
        padW: 0,
        dilH: 1,
        dilW: 1,
      };
      const x = new Float32Array(32).map((_, i) => i);
      x[0] = NaN; // window (0,0): NaN first, larger values after
      x[3] = NaN; // window (0,1): NaN at (0,3) and (1,2) -> last is (1,2)
      x[6] = NaN;
      const y = new Float32Array(8);
      const idx = new Int32Array(8);
      be.maxPool2dForward(g, x, y, idx);
      expect(Number.isNaN(y[0]!)).toBe(true);
      expect(idx[0]).toBe(0);
      expect(Number.isNaN(y[1]!)).toBe(true);
      expect(idx[1]).toBe(6);
      expect(y[2]).toBe(13);
      expect(idx[2]).toBe(13);
      const ref = naiveMaxPool(g, x);
      expect(Array.from(idx)).toEqual(Array.from(ref.indices));
    });

    it("maxPool2d 2x2 stride 2 (the vector path): values, indices, ties, NaN and -Infinity as the reference, tails included", async () => {
      const be = await backend(threads);
      const next = rng(17);
      for (const [c, inH, inW, ceil] of [
        [3, 9, 21, false],
        [2, 8, 16, false],
        [1, 5, 9, false],
        [4, 2, 34, false],
        [2, 9, 19, true], // ceil mode: the last window of a row and of a column is partial
      ] as const) {
        const outH = ceil ? Math.ceil(inH / 2) : Math.floor(inH / 2);
        const outW = ceil ? Math.ceil(inW / 2) : Math.floor(inW / 2);
        const g: Pool2dGeometry = { n: 1, c, inH, inW, outH, outW, kH: 2, kW: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilH: 1, dilW: 1 };
        // few distinct values (ties in every window order), some NaN (one or two per window) and -Infinity windows
        const x = randomArray(c * inH * inW, next).map((v) => Math.round(v * 2));
        for (let i = 0; i < x.length; i += 7) x[i] = NaN;
        for (let i = 3; i < x.length; i += 11) x[i] = Number.NEGATIVE_INFINITY;
        x.fill(Number.NEGATIVE_INFINITY, 0, 2);
        x.fill(Number.NEGATIVE_INFINITY, inW, inW + 2); // window (0, 0) all -Infinity: index of its first tap
        const ref = naiveMaxPool(g, x);
        const y = new Float32Array(ref.y.length).fill(7);
        const idx = new Int32Array(ref.y.length).fill(-7);
        be.maxPool2dForward(g, x, y, idx);
        expect(Array.from(y)).toEqual(Array.from(ref.y));
        expect(Array.from(idx)).toEqual(Array.from(ref.indices));
      }
    });

    it("relu forward keeps NaN, maps -0/0/negatives to 0; backward zeroes dy where y <= 0 (a NaN y passes dy, as PyTorch)", async () => {
      const be = await backend(threads);
      const next = rng(9);
      for (const len of [0, 1, 3, 4, 7, 64, 1001]) {
        const x = randomArray(len, next);
        if (len > 3) {
          x[0] = NaN;
          x[1] = 0;
          x[2] = -0;
          x[len - 1] = NaN; // in the scalar tail when len is not a multiple of 4
        }
        const y = new Float32Array(len).fill(7);
        be.reluForward(x, y);
        for (let i = 0; i < len; i++) {
          const v = x[i]!;
          if (Number.isNaN(v)) expect(Number.isNaN(y[i]!)).toBe(true);
          else expect(y[i]).toBe(v > 0 ? v : 0);
        }
        const dy = randomArray(len, next);
        const dx = new Float32Array(len).fill(7);
        be.reluBackward(y, dy, dx);
        for (let i = 0; i < len; i++) expect(dx[i]).toBe(y[i]! <= 0 ? 0 : dy[i]);
      }
    });

    it("Float64Array calls are delegated to the js backend", async () => {
      const be = await backend(threads);
      const g: Conv2dGeometry = {
        n: 1,
        inC: 2,
        inH: 5,
        inW: 5,
        outC: 3,
        outH: 5,
        outW: 5,
        kH: 3,
        kW: 3,
        strideH: 1,
        strideW: 1,
        padH: 1,
        padW: 1,
        dilH: 1,
        dilW: 1,
      };
      const next = rng(3);
      const x = Float64Array.from(randomArray(50, next));
      const w = Float64Array.from(randomArray(54, next));
      const y = new Float64Array(75);
      be.conv2dForward(g, x, w, null, y);
      const want = new Float64Array(75);
      jsBackend.conv2dForward(g, x, w, null, want);
      expect(Array.from(y)).toEqual(Array.from(want));
    });

    it("hundreds of back-to-back calls of different kernels and sizes give the 1-thread results (job hand-over between threads)", async () => {
      const be = await backend(threads);
      const one = await backend(1);
      const next = rng(5);
      for (let k = 0; k < 300; k++) {
        const len = 1 + Math.floor(((next() + 1) / 2) * 2000);
        const x = randomArray(len, next);
        const y = new Float32Array(len),
          want = new Float32Array(len);
        be.reluForward(x, y);
        one.reluForward(x, want);
        expect(y, `relu call ${k}`).toEqual(want);
        if (k % 30 === 0) {
          const g = randomConv(next, false);
          const xs = randomArray(g.n * g.inC * g.inH * g.inW, next);
          const w = randomArray(g.outC * g.inC * g.kH * g.kW, next);
          const yc = new Float32Array(g.n * g.outC * g.outH * g.outW),
            wantC = new Float32Array(yc.length);
          be.conv2dForward(g, xs, w, null, yc);
          one.conv2dForward(g, xs, w, null, wantC);
          expect(yc, `conv call ${k}`).toEqual(wantC);
        }
      }
    });

    it("steady state: repeated calls reuse the scratch memory", async () => {
      const be = await backend(threads);
      const g: Conv2dGeometry = {
        n: 1,
        inC: 8,
        inH: 32,
        inW: 32,
        outC: 8,
        outH: 32,
        outW: 32,
        kH: 3,
        kW: 3,
        strideH: 1,
        strideW: 1,
        padH: 1,
        padW: 1,
        dilH: 1,
        dilW: 1,
      };
      const next = rng(4);
      const x = randomArray(8 * 32 * 32, next);
      const w = randomArray(8 * 8 * 9, next);
      const y = new Float32Array(x.length);
      be.conv2dForward(g, x, w, null, y);
      const bytes = be.memoryBytes;
      const first = Float32Array.from(y);
      for (let i = 0; i < 3; i++) be.conv2dForward(g, x, w, null, y);
      expect(be.memoryBytes).toBe(bytes);
      expect(Array.from(y)).toEqual(Array.from(first));
    });
  });
}
