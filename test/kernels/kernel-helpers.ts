/**
 * The test tree's one reference module (test/kernels, test/wasm, test/ops): geometry from golden cases
 * and random parameters, seeded random data, property-test arbitraries, naive float64 references
 * written straight from the definitions, finite differences and tolerances. Not a test file itself.
 */
import fc from "fast-check";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import type { Conv2dGeometry, ConvTranspose2dGeometry, FloatArray, Pool2dGeometry } from "../../src/kernels/geometry.js";
import { createRng } from "../../src/random.js";
import { expectClose, type GoldenCase, type GoldenTensor } from "../helpers/golden.js";

// The output-size formulas below deliberately restate src/shape's: they return 0 or less for an empty
// output instead of throwing (so arbitraries and random geometries can filter on them), and a test
// geometry that shares no code with the size checks it feeds cannot hide a bug in them.

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

export function pool2dGeometry(p: Omit<Pool2dGeometry, "outH" | "outW"> & { readonly ceil: boolean }): Pool2dGeometry {
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

export function convSizes(g: Conv2dGeometry): { x: number; w: number; y: number } {
  return { x: g.n * g.inC * g.inH * g.inW, w: g.outC * g.inC * g.kH * g.kW, y: g.n * g.outC * g.outH * g.outW };
}

export function convTransposeSizes(g: ConvTranspose2dGeometry): { x: number; w: number; y: number } {
  return { x: g.n * g.inC * g.inH * g.inW, w: g.inC * g.outC * g.kH * g.kW, y: g.n * g.outC * g.outH * g.outW };
}

export function poolSizes(g: Pool2dGeometry): { x: number; y: number } {
  return { x: g.n * g.c * g.inH * g.inW, y: g.n * g.c * g.outH * g.outW };
}

type Range = readonly [min: number, max: number];

/** fast-check fields of a random conv geometry (batch 1-2, padding 0-2, dilation 1-2), in one fixed key order. */
export function convFields(r: { readonly c: Range; readonly h: Range; readonly w: Range; readonly k: Range; readonly stride: Range }) {
  const int = ([min, max]: Range): fc.Arbitrary<number> => fc.integer({ min, max });
  return {
    n: int([1, 2]),
    inC: int(r.c),
    outC: int(r.c),
    inH: int(r.h),
    inW: int(r.w),
    kH: int(r.k),
    kW: int(r.k),
    strideH: int(r.stride),
    strideW: int(r.stride),
    padH: int([0, 2]),
    padW: int([0, 2]),
    dilH: int([1, 2]),
    dilW: int([1, 2]),
  };
}

/** The output padding fields of a random convTranspose2d geometry. */
export const outPadFields = { outPadH: fc.integer({ min: 0, max: 2 }), outPadW: fc.integer({ min: 0, max: 2 }) };

export function convOutputNonEmpty(p: ConvParams): boolean {
  return convOut(p.inH, p.kH, p.strideH, p.padH, p.dilH) >= 1 && convOut(p.inW, p.kW, p.strideW, p.padW, p.dilW) >= 1;
}

/** PyTorch's rule (output padding below stride or dilation) and a non-empty output. */
export function convTransposeValid(p: ConvParams & { readonly outPadH: number; readonly outPadW: number }): boolean {
  return (
    p.outPadH < Math.max(p.strideH, p.dilH) &&
    p.outPadW < Math.max(p.strideW, p.dilW) &&
    convTransposeOut(p.inH, p.kH, p.strideH, p.padH, p.dilH, p.outPadH) >= 1 &&
    convTransposeOut(p.inW, p.kW, p.strideW, p.padW, p.dilW, p.outPadW) >= 1
  );
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

/**
 * A small deterministic generator (mulberry32) of float32-representable values in [-1, 1): the wasm
 * tests' seeded geometries and data were drawn from it, so it stays beside `rng`.
 */
export function signedRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.fround((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1);
  };
}

/** `len` draws of a signedRng stream. */
export function randomArray(len: number, next: () => number): Float32Array {
  const a = new Float32Array(len);
  for (let i = 0; i < len; i++) a[i] = next();
  return a;
}

/** A conv-like kernel's input x, weight w, bias and upstream gradient dy in [-1, 1), drawn in that order. */
export function randomConvData(s: { readonly x: number; readonly w: number; readonly y: number }, outC: number, rand: () => number) {
  return { x: randomF64(s.x, rand), w: randomF64(s.w, rand), bias: randomF64(outC, rand), dy: randomF64(s.y, rand) };
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

/** float32 results vs a float64 reference: the error grows with the number of terms summed. */
export function expectFloat32Close(got: ArrayLike<number>, want: ArrayLike<number>, label: string, terms: number): void {
  expectClose(got, want, label, 2e-6 * Math.max(16, terms), 1e-4);
}

/** Calls visit(y-index, x-index, w-index) for every in-bounds tap of a conv2d, in (b, oc, oh, ow, ic, kh, kw) order. */
function forEachConvTap(g: Conv2dGeometry, visit: (yi: number, xi: number, wi: number) => void): void {
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
                visit(
                  ((b * g.outC + oc) * g.outH + oh) * g.outW + ow,
                  ((b * g.inC + ic) * g.inH + ih) * g.inW + iw,
                  ((oc * g.inC + ic) * g.kH + kh) * g.kW + kw,
                );
              }
}

/** Direct 7-loop conv2d (cross-correlation) with bounds tests, in float64. */
export function naiveConv2d(g: Conv2dGeometry, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | null): Float64Array {
  const y = new Float64Array(g.n * g.outC * g.outH * g.outW);
  if (bias !== null) for (let i = 0; i < y.length; i++) y[i] = bias[Math.floor(i / (g.outH * g.outW)) % g.outC]!;
  forEachConvTap(g, (yi, xi, wi) => (y[yi]! += x[xi]! * w[wi]!));
  return y;
}

/** Direct scatter form of conv2d's backward-data (dx[x-index] += w * dy), in float64. */
export function naiveConv2dBackwardData(g: Conv2dGeometry, dy: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const dx = new Float64Array(g.n * g.inC * g.inH * g.inW);
  forEachConvTap(g, (yi, xi, wi) => (dx[xi]! += dy[yi]! * w[wi]!));
  return dx;
}

/** Direct form of conv2d's backward-weight (dw[w-index] += x * dy), in float64. */
export function naiveConv2dBackwardWeight(g: Conv2dGeometry, x: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  const dw = new Float64Array(g.outC * g.inC * g.kH * g.kW);
  forEachConvTap(g, (yi, xi, wi) => (dw[wi]! += x[xi]! * dy[yi]!));
  return dw;
}

/** Per-channel sums of an (n, c, plane) array: the bias gradient. */
export function channelSums(v: ArrayLike<number>, n: number, c: number, plane: number): Float64Array {
  const out = new Float64Array(c);
  for (let b = 0; b < n; b++) for (let k = 0; k < c; k++) for (let i = 0; i < plane; i++) out[k]! += v[(b * c + k) * plane + i]!;
  return out;
}

export interface NaiveGrads {
  readonly dx: Float64Array;
  readonly dw: Float64Array;
  readonly db: Float64Array;
}

/** dx, dw, db of conv2d for upstream dy. */
export function naiveConv2dGrads(g: Conv2dGeometry, x: ArrayLike<number>, w: ArrayLike<number>, dy: ArrayLike<number>): NaiveGrads {
  return { dx: naiveConv2dBackwardData(g, dy, w), dw: naiveConv2dBackwardWeight(g, x, dy), db: channelSums(dy, g.n, g.outC, g.outH * g.outW) };
}

/** The conv2d whose data gradient a convTranspose2d is (its input is the transposed conv's output); same weight layout. */
export function convOfTranspose(g: ConvTranspose2dGeometry): Conv2dGeometry {
  return {
    n: g.n,
    inC: g.outC,
    inH: g.outH,
    inW: g.outW,
    outC: g.inC,
    outH: g.inH,
    outW: g.inW,
    kH: g.kH,
    kW: g.kW,
    strideH: g.strideH,
    strideW: g.strideW,
    padH: g.padH,
    padW: g.padW,
    dilH: g.dilH,
    dilW: g.dilW,
  };
}

/** convTranspose2d forward (weight (inC, outC, kH, kW)) as the matching conv2d's data gradient, plus bias. */
export function naiveConvTranspose2d(
  g: ConvTranspose2dGeometry,
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  bias: ArrayLike<number> | null,
): Float64Array {
  const y = naiveConv2dBackwardData(convOfTranspose(g), x, w);
  if (bias !== null) for (let i = 0; i < y.length; i++) y[i]! += bias[Math.floor(i / (g.outH * g.outW)) % g.outC]!;
  return y;
}

/** dx, dw, db of convTranspose2d for upstream dy, through the matching conv2d. */
export function naiveConvTranspose2dGrads(g: ConvTranspose2dGeometry, x: ArrayLike<number>, w: ArrayLike<number>, dy: ArrayLike<number>): NaiveGrads {
  const c = convOfTranspose(g);
  return { dx: naiveConv2d(c, dy, w, null), dw: naiveConv2dBackwardWeight(c, dy, x), db: channelSums(dy, g.n, g.outC, g.outH * g.outW) };
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
          // the value at the first maximum, so a -0 before a 0 stays -0 (Math.max would return 0)
          const first = values.indexOf(Math.max(...values));
          y[o] = values[first]!;
          indices[o] = positions[first]!;
        }
      }
  return { y, indices };
}

/** Max-pool's backward from its indices: dx[plane-index] += dy. */
export function scatterByIndices(g: Pool2dGeometry, dy: ArrayLike<number>, indices: Int32Array): Float64Array {
  const dx = new Float64Array(g.n * g.c * g.inH * g.inW);
  const outPlane = g.outH * g.outW;
  for (let i = 0; i < indices.length; i++) {
    const p = Math.floor(i / outPlane);
    if (indices[i]! >= 0) dx[p * g.inH * g.inW + indices[i]!]! += dy[i]!;
  }
  return dx;
}

/**
 * conv2d on `be` for geometry g against the float64 reference and the js backend: the forward (with `bias`), dx, dw
 * and db for `dy`. `watch` wraps each backend call, named, so a caller can check what ran inside it.
 */
export function expectConv2dMatches(
  be: KernelBackend,
  g: Conv2dGeometry,
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  dy: Float32Array,
  label: string,
  watch: (call: () => void, what: "forward" | "data gradient" | "weight gradient") => void = (call) => call(),
): void {
  const terms = g.inC * g.kH * g.kW;
  const y = new Float32Array(dy.length).fill(Number.NaN);
  watch(() => be.conv2dForward(g, x, w, bias, y), "forward");
  expectFloat32Close(y, naiveConv2d(g, x, w, bias), `${label} y`, terms);
  const yJs = new Float32Array(dy.length);
  jsBackend.conv2dForward(g, x, w, bias, yJs);
  expectFloat32Close(y, yJs, `${label} y vs js`, terms);
  const ref = naiveConv2dGrads(g, x, w, dy);
  const dx = new Float32Array(x.length).fill(Number.NaN);
  watch(() => be.conv2dBackwardData(g, dy, w, dx), "data gradient");
  expectFloat32Close(dx, ref.dx, `${label} dx`, g.outC * g.kH * g.kW);
  const dw = new Float32Array(w.length).fill(Number.NaN);
  const db = new Float32Array(g.outC).fill(Number.NaN);
  watch(() => be.conv2dBackwardWeight(g, x, dy, dw, db), "weight gradient");
  expectFloat32Close(dw, ref.dw, `${label} dw`, g.n * g.outH * g.outW);
  expectFloat32Close(db, ref.db, `${label} db`, g.n * g.outH * g.outW);
  const dwJs = new Float32Array(w.length);
  jsBackend.conv2dBackwardWeight(g, x, dy, dwJs, null);
  expectFloat32Close(dw, dwJs, `${label} dw vs js`, g.n * g.outH * g.outW);
}
