/**
 * Test-side helpers: geometry from golden cases / random parameters (the typed layer will compute it
 * later), seeded random data, naive references and finite differences. Not a test file itself.
 */
import type { Conv2dGeometry, ConvTranspose2dGeometry, FloatArray, Pool2dGeometry } from "../../src/kernels/geometry.js";
import { createRng } from "../../src/random.js";
import type { GoldenCase, GoldenTensor } from "../helpers/golden.js";

/** PyTorch's conv output size. */
export function convOut(inLen: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((inLen + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

/** PyTorch's pooling output size, with ceil mode's rule that the last window starts inside the input or left padding. */
export function poolOut(inLen: number, k: number, stride: number, pad: number, dil: number, ceil: boolean): number {
  const span = inLen + 2 * pad - dil * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceil && (out - 1) * stride >= inLen + pad) out--;
  return out;
}

export function convTransposeOut(inLen: number, k: number, stride: number, pad: number, dil: number, outPad: number): number {
  return (inLen - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1;
}

/** A conv's geometry before its output size is computed. */
export type ConvParams = Omit<Conv2dGeometry, "outH" | "outW">;

export function conv2dGeometry(p: ConvParams): Conv2dGeometry {
  return { ...p, outH: convOut(p.inH, p.kH, p.strideH, p.padH, p.dilH), outW: convOut(p.inW, p.kW, p.strideW, p.padW, p.dilW) };
}

export function convTranspose2dGeometry(p: ConvParams & { readonly outPadH: number; readonly outPadW: number }): ConvTranspose2dGeometry {
  return {
    ...p,
    outH: convTransposeOut(p.inH, p.kH, p.strideH, p.padH, p.dilH, p.outPadH),
    outW: convTransposeOut(p.inW, p.kW, p.strideW, p.padW, p.dilW, p.outPadW),
  };
}

export function pool2dGeometry(
  p: Omit<Pool2dGeometry, "outH" | "outW"> & { readonly ceil: boolean },
): Pool2dGeometry {
  const { ceil, ...rest } = p;
  return {
    ...rest,
    outH: poolOut(p.inH, p.kH, p.strideH, p.padH, p.dilH, ceil),
    outW: poolOut(p.inW, p.kW, p.strideW, p.padW, p.dilW, ceil),
  };
}

/** (C,H,W) or (N,C,H,W) -> [n, c, h, w]. */
export function nchw(t: GoldenTensor): [number, number, number, number] {
  const s = t.shape;
  if (s.length === 3) return [1, s[0]!, s[1]!, s[2]!];
  if (s.length === 4) return [s[0]!, s[1]!, s[2]!, s[3]!];
  throw new Error(`expected a (C,H,W) or (N,C,H,W) tensor, got shape ${JSON.stringify(s)}`);
}

function pair(v: unknown, label: string): [number, number] {
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "number") return [v[0], v[1]];
  throw new Error(`param ${label}: expected a number or [h, w], got ${JSON.stringify(v)}`);
}

/** A param given as a number or [h, w]; `fallback` when absent. */
export function param2(c: GoldenCase, key: string, fallback?: number): [number, number] {
  const v = c.params[key];
  if (v === undefined && fallback !== undefined) return [fallback, fallback];
  return pair(v, `${c.name}.${key}`);
}

export function input(c: GoldenCase, key: string): GoldenTensor {
  const t = c.inputs[key];
  if (t === undefined) throw new Error(`${c.name}: no input ${key}`);
  return t;
}

export function grad(c: GoldenCase, key: string): GoldenTensor {
  const t = c.grads?.[key];
  if (t === undefined) throw new Error(`${c.name}: no gradient for ${key}`);
  return t;
}

export function f32(t: GoldenTensor | undefined, label: string): Float32Array {
  if (t === undefined) throw new Error(`missing tensor ${label}`);
  return Float32Array.from(t.data);
}

/** A seeded uniform [0, 1) stream (src/random.ts's generator), as the helpers below take it. */
export function rng(seed: number): () => number {
  const r = createRng(seed);
  return () => r.uniform();
}

export function randomF64(len: number, rand: () => number): Float64Array {
  const a = new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = rand() * 2 - 1;
  return a;
}

/** Distinct values (a shuffled ramp with step 0.01 plus tiny jitter), so max-pool has no near-ties. */
export function distinctF64(len: number, rand: () => number): Float64Array {
  const a = new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = (i - len / 2) * 0.01 + rand() * 1e-3;
  for (let i = len - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Central differences of L(v) = loss() as each element of v is perturbed by ±h (v is restored).
 * Returns dL/dv.
 */
export function finiteDifference(v: FloatArray, loss: () => number, h: number): Float64Array {
  const g = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const orig = v[i]!;
    v[i] = orig + h;
    const plus = loss();
    v[i] = orig - h;
    const minus = loss();
    v[i] = orig;
    g[i] = (plus - minus) / (2 * h);
  }
  return g;
}

/** Fails with the worst element when |got - want| > atol + rtol·|want| anywhere (NaN never passes unless both are NaN). */
export function closeness(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number): string | null {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (g === w || (Number.isNaN(w) && Number.isNaN(g))) continue;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) return `element ${i}: got ${g}, want ${w}`;
  }
  return null;
}

/** Direct 7-loop conv2d (cross-correlation) with bounds tests, in float64. */
export function naiveConv2d(g: Conv2dGeometry, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | null): Float64Array {
  const y = new Float64Array(g.n * g.outC * g.outH * g.outW);
  for (let b = 0; b < g.n; b++)
    for (let oc = 0; oc < g.outC; oc++)
      for (let oh = 0; oh < g.outH; oh++)
        for (let ow = 0; ow < g.outW; ow++) {
          let s = bias === null ? 0 : bias[oc]!;
          for (let ic = 0; ic < g.inC; ic++)
            for (let kh = 0; kh < g.kH; kh++)
              for (let kw = 0; kw < g.kW; kw++) {
                const ih = oh * g.strideH - g.padH + kh * g.dilH;
                const iw = ow * g.strideW - g.padW + kw * g.dilW;
                if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
                s += x[((b * g.inC + ic) * g.inH + ih) * g.inW + iw]! * w[((oc * g.inC + ic) * g.kH + kh) * g.kW + kw]!;
              }
          y[((b * g.outC + oc) * g.outH + oh) * g.outW + ow] = s;
        }
  return y;
}

/**
 * Max-pool reference written independently of the kernel: the window's maximum first, then the first
 * position in row-major order holding it; if the window holds NaN, the output is NaN and the index is
 * the window's last NaN (PyTorch's CPU kernel replaces the running max at every NaN).
 */
export function naiveMaxPool(g: Pool2dGeometry, x: ArrayLike<number>): { y: Float64Array; indices: Int32Array } {
  const len = g.n * g.c * g.outH * g.outW;
  const y = new Float64Array(len);
  const indices = new Int32Array(len);
  const plane = g.inH * g.inW;
  for (let p = 0; p < g.n * g.c; p++)
    for (let oh = 0; oh < g.outH; oh++)
      for (let ow = 0; ow < g.outW; ow++) {
        const positions: number[] = [];
        for (let kh = 0; kh < g.kH; kh++)
          for (let kw = 0; kw < g.kW; kw++) {
            const ih = oh * g.strideH - g.padH + kh * g.dilH;
            const iw = ow * g.strideW - g.padW + kw * g.dilW;
            if (ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW) positions.push(ih * g.inW + iw);
          }
        const values = positions.map((q) => x[p * plane + q]!);
        const o = (p * g.outH + oh) * g.outW + ow;
        const nanAt = values.map((v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);
        if (positions.length === 0) {
          y[o] = -Infinity;
          indices[o] = -1;
        } else if (nanAt.length > 0) {
          y[o] = NaN;
          indices[o] = positions[nanAt[nanAt.length - 1]!]!;
        } else {
          const m = Math.max(...values);
          y[o] = m;
          indices[o] = positions[values.indexOf(m)]!;
        }
      }
  return { y, indices };
}

/** Direct scatter form of conv2d's backward-data (dx[x-index] += w * dy), in float64. */
export function naiveConv2dBackwardData(g: Conv2dGeometry, dy: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const dx = new Float64Array(g.n * g.inC * g.inH * g.inW);
  for (let b = 0; b < g.n; b++)
    for (let oc = 0; oc < g.outC; oc++)
      for (let oh = 0; oh < g.outH; oh++)
        for (let ow = 0; ow < g.outW; ow++)
          for (let ic = 0; ic < g.inC; ic++)
            for (let kh = 0; kh < g.kH; kh++)
              for (let kw = 0; kw < g.kW; kw++) {
                const ih = oh * g.strideH - g.padH + kh * g.dilH;
                const iw = ow * g.strideW - g.padW + kw * g.dilW;
                if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
                dx[((b * g.inC + ic) * g.inH + ih) * g.inW + iw]! +=
                  dy[((b * g.outC + oc) * g.outH + oh) * g.outW + ow]! * w[((oc * g.inC + ic) * g.kH + kh) * g.kW + kw]!;
              }
  return dx;
}

/** Direct form of conv2d's backward-weight (dw[w-index] += x * dy), in float64. */
export function naiveConv2dBackwardWeight(g: Conv2dGeometry, x: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  const dw = new Float64Array(g.outC * g.inC * g.kH * g.kW);
  for (let b = 0; b < g.n; b++)
    for (let oc = 0; oc < g.outC; oc++)
      for (let oh = 0; oh < g.outH; oh++)
        for (let ow = 0; ow < g.outW; ow++)
          for (let ic = 0; ic < g.inC; ic++)
            for (let kh = 0; kh < g.kH; kh++)
              for (let kw = 0; kw < g.kW; kw++) {
                const ih = oh * g.strideH - g.padH + kh * g.dilH;
                const iw = ow * g.strideW - g.padW + kw * g.dilW;
                if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
                dw[((oc * g.inC + ic) * g.kH + kh) * g.kW + kw]! +=
                  x[((b * g.inC + ic) * g.inH + ih) * g.inW + iw]! * dy[((b * g.outC + oc) * g.outH + oh) * g.outW + ow]!;
              }
  return dw;
}
