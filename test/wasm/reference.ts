/** Naive float64 reference kernels (straight from the definitions) for the wasm backend tests. */
import type { Conv2dGeometry, ConvTranspose2dGeometry, Pool2dGeometry } from "../../src/kernels/geometry.js";
import { expectClose } from "../helpers/golden.js";

type Arr = ArrayLike<number>;

export function refConv2d(g: Conv2dGeometry, x: Arr, w: Arr, bias: Arr | null): Float64Array {
  const y = new Float64Array(g.n * g.outC * g.outH * g.outW);
  for (let b = 0; b < g.n; b++)
    for (let o = 0; o < g.outC; o++)
      for (let oh = 0; oh < g.outH; oh++)
        for (let ow = 0; ow < g.outW; ow++) {
          let s = bias === null ? 0 : bias[o]!;
          for (let c = 0; c < g.inC; c++)
            for (let kh = 0; kh < g.kH; kh++) {
              const ih = oh * g.strideH - g.padH + kh * g.dilH;
              if (ih < 0 || ih >= g.inH) continue;
              for (let kw = 0; kw < g.kW; kw++) {
                const iw = ow * g.strideW - g.padW + kw * g.dilW;
                if (iw < 0 || iw >= g.inW) continue;
                s += w[((o * g.inC + c) * g.kH + kh) * g.kW + kw]! * x[((b * g.inC + c) * g.inH + ih) * g.inW + iw]!;
              }
            }
          y[((b * g.outC + o) * g.outH + oh) * g.outW + ow] = s;
        }
  return y;
}

/** dx, dw, db of conv2d for upstream dy. */
export function refConv2dGrads(g: Conv2dGeometry, x: Arr, w: Arr, dy: Arr): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const dx = new Float64Array(g.n * g.inC * g.inH * g.inW);
  const dw = new Float64Array(g.outC * g.inC * g.kH * g.kW);
  const db = new Float64Array(g.outC);
  for (let b = 0; b < g.n; b++)
    for (let o = 0; o < g.outC; o++)
      for (let oh = 0; oh < g.outH; oh++)
        for (let ow = 0; ow < g.outW; ow++) {
          const d = dy[((b * g.outC + o) * g.outH + oh) * g.outW + ow]!;
          db[o] += d;
          for (let c = 0; c < g.inC; c++)
            for (let kh = 0; kh < g.kH; kh++) {
              const ih = oh * g.strideH - g.padH + kh * g.dilH;
              if (ih < 0 || ih >= g.inH) continue;
              for (let kw = 0; kw < g.kW; kw++) {
                const iw = ow * g.strideW - g.padW + kw * g.dilW;
                if (iw < 0 || iw >= g.inW) continue;
                const xi = ((b * g.inC + c) * g.inH + ih) * g.inW + iw;
                const wi = ((o * g.inC + c) * g.kH + kh) * g.kW + kw;
                dx[xi] += d * w[wi]!;
                dw[wi] += d * x[xi]!;
              }
            }
        }
  return { dx, dw, db };
}

/** convTranspose2d forward by scattering, weight (inC, outC, kH, kW). */
export function refConvTranspose2d(g: ConvTranspose2dGeometry, x: Arr, w: Arr, bias: Arr | null): Float64Array {
  const y = new Float64Array(g.n * g.outC * g.outH * g.outW);
  for (let b = 0; b < g.n; b++)
    for (let o = 0; o < g.outC; o++) for (let i = 0; i < g.outH * g.outW; i++) y[(b * g.outC + o) * g.outH * g.outW + i] = bias === null ? 0 : bias[o]!;
  for (let b = 0; b < g.n; b++)
    for (let c = 0; c < g.inC; c++)
      for (let ih = 0; ih < g.inH; ih++)
        for (let iw = 0; iw < g.inW; iw++) {
          const v = x[((b * g.inC + c) * g.inH + ih) * g.inW + iw]!;
          for (let o = 0; o < g.outC; o++)
            for (let kh = 0; kh < g.kH; kh++) {
              const oh = ih * g.strideH - g.padH + kh * g.dilH;
              if (oh < 0 || oh >= g.outH) continue;
              for (let kw = 0; kw < g.kW; kw++) {
                const ow = iw * g.strideW - g.padW + kw * g.dilW;
                if (ow < 0 || ow >= g.outW) continue;
                y[((b * g.outC + o) * g.outH + oh) * g.outW + ow] += v * w[((c * g.outC + o) * g.kH + kh) * g.kW + kw]!;
              }
            }
        }
  return y;
}

export function refConvTranspose2dGrads(g: ConvTranspose2dGeometry, x: Arr, w: Arr, dy: Arr): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const dx = new Float64Array(g.n * g.inC * g.inH * g.inW);
  const dw = new Float64Array(g.inC * g.outC * g.kH * g.kW);
  const db = new Float64Array(g.outC);
  for (let b = 0; b < g.n; b++)
    for (let o = 0; o < g.outC; o++) for (let i = 0; i < g.outH * g.outW; i++) db[o] += dy[(b * g.outC + o) * g.outH * g.outW + i]!;
  for (let b = 0; b < g.n; b++)
    for (let c = 0; c < g.inC; c++)
      for (let ih = 0; ih < g.inH; ih++)
        for (let iw = 0; iw < g.inW; iw++) {
          const xi = ((b * g.inC + c) * g.inH + ih) * g.inW + iw;
          for (let o = 0; o < g.outC; o++)
            for (let kh = 0; kh < g.kH; kh++) {
              const oh = ih * g.strideH - g.padH + kh * g.dilH;
              if (oh < 0 || oh >= g.outH) continue;
              for (let kw = 0; kw < g.kW; kw++) {
                const ow = iw * g.strideW - g.padW + kw * g.dilW;
                if (ow < 0 || ow >= g.outW) continue;
                const d = dy[((b * g.outC + o) * g.outH + oh) * g.outW + ow]!;
                const wi = ((c * g.outC + o) * g.kH + kh) * g.kW + kw;
                dx[xi] += d * w[wi]!;
                dw[wi] += d * x[xi]!;
              }
            }
        }
  return { dx, dw, db };
}

/** PyTorch's CPU max-pool rule: start at the first in-bounds cell with -inf; take val > max or NaN. */
export function refMaxPool2d(g: Pool2dGeometry, x: Arr): { y: Float64Array; indices: Int32Array } {
  const y = new Float64Array(g.n * g.c * g.outH * g.outW);
  const indices = new Int32Array(y.length);
  for (let p = 0; p < g.n * g.c; p++)
    for (let oh = 0; oh < g.outH; oh++)
      for (let ow = 0; ow < g.outW; ow++) {
        let best = -Infinity;
        let bi = -1;
        for (let kh = 0; kh < g.kH; kh++) {
          const ih = oh * g.strideH - g.padH + kh * g.dilH;
          if (ih < 0 || ih >= g.inH) continue;
          for (let kw = 0; kw < g.kW; kw++) {
            const iw = ow * g.strideW - g.padW + kw * g.dilW;
            if (iw < 0 || iw >= g.inW) continue;
            const k = ih * g.inW + iw;
            const v = x[p * g.inH * g.inW + k]!;
            if (bi < 0) bi = k;
            if (v > best || Number.isNaN(v)) {
              best = v;
              bi = k;
            }
          }
        }
        const o = (p * g.outH + oh) * g.outW + ow;
        y[o] = best;
        indices[o] = bi;
      }
  return { y, indices };
}

/** float32 results vs a float64 reference: the error grows with the number of terms summed. */
export function expectFloat32Close(got: Arr, want: Arr, label: string, terms: number): void {
  const tol = 2e-6 * Math.max(16, terms);
  expectClose(got, want, label, tol, 1e-4);
}

export function convOut(inS: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((inS + 2 * p - d * (k - 1) - 1) / s) + 1;
}

export function convTransposeOut(inS: number, k: number, s: number, p: number, d: number, op: number): number {
  return (inS - 1) * s - 2 * p + d * (k - 1) + op + 1;
}

/** A small deterministic generator (mulberry32) for float32-representable test data in [-1, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.fround((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1);
  };
}

export function randomArray(len: number, next: () => number): Float32Array {
  const a = new Float32Array(len);
  for (let i = 0; i < len; i++) a[i] = next();
  return a;
}
