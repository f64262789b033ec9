/**
 * The WebAssembly row kernels (softmaxRows, layerNormRows and their gradients) through the ops and the tape, on 1
 * and 2 threads, against the JS path (the same ops on the JS backend, which has no row kernels): random shapes
 * (row lengths around the 4-lane vectors, n = 1), tiny to huge magnitudes, -inf masks and a fully masked row.
 * Tolerances are relative to each row's scale (its largest output), in float32 ulps of that scale. Also: the
 * vectorized exp alone against Math.exp, the fallbacks (float64, a softmax axis that is not the last) and the
 * kernel boundary's checks of the new methods.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { DTypeError, ShapeError } from "../../src/errors.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { checkedBackend } from "../../src/kernels/checked-backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { layerNorm } from "../../src/ops/norm/layer-norm.js";
import { softmax } from "../../src/ops/reduce/softmax.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import { kernelsWasmBytes, type WasmBackend } from "../../src/wasm/index.js";
import { wasmApi } from "../../src/wasm/wasm-api.js";
import type { DType } from "../../types/tensor/shape.js";
import { signedRng } from "../kernels/kernel-helpers.js";
import { sharedWasmBackend } from "./shared-backends.js";

const ULP = 2 ** -23; // float32's ulp of 1

type Data = Float32Array | Float64Array;

/** fn's result with `be` as the current backend (restored after). */
function on<T>(be: KernelBackend, fn: () => T): T {
  const before = useBackend(be);
  try {
    return fn();
  } finally {
    useBackend(before);
  }
}

/** `len` float32 values in [-scale, scale), from a seeded stream. */
function values(len: number, scale: number, seed: number): Float32Array {
  const next = signedRng(seed);
  const a = new Float32Array(len);
  for (let i = 0; i < len; i++) a[i] = Math.fround(next() * scale);
  return a;
}

/** Row r of `rows` rows of n: every |got - want| within tol(r, want) (NaN matches NaN only). */
function expectRowsClose(got: Data, want: Data, rows: number, n: number, tol: (r: number) => number, label: string): void {
  expect(got.length).toBe(want.length);
  for (let r = 0; r < rows; r++) {
    const t = tol(r);
    for (let j = 0; j < n; j++) {
      const i = r * n + j;
      const g = got[i]!;
      const w = want[i]!;
      if (w !== w || g !== g) {
        if (!(w !== w && g !== g)) expect.fail(`${label}: [${r}, ${j}] got ${g}, want ${w}`);
        continue;
      }
      if (!(Math.abs(g - w) <= t)) expect.fail(`${label}: [${r}, ${j}] got ${g}, want ${w} (|diff| ${Math.abs(g - w)} > ${t})`);
    }
  }
}

/** Largest |v| of each row (NaN rows give NaN, so any tolerance fails unless both are NaN). */
function rowMaxAbs(v: ArrayLike<number>, rows: number, n: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let j = 0; j < n; j++) m = Math.max(m, Math.abs(v[r * n + j]!));
    out[r] = m;
  }
  return out;
}

interface SoftmaxRun {
  readonly y: Data;
  readonly dx: Data;
}

/** softmax(x) along dim through the tape, and x's gradient for upstream gy. */
function runSoftmax(shape: number[], x: Data, gy: Data, dtype: DType, dim: number): SoftmaxRun {
  const xt = tensor(shape, x, { dtype, requiresGrad: true });
  const y = softmax(xt, dim);
  y.backward(tensor(shape, gy, { dtype }) as Tensor<number[], DType>);
  return { y: y.data, dx: xt.grad!.data };
}

interface NormRun {
  readonly y: Data;
  readonly dx: Data;
  readonly dw: Data | null;
  readonly db: Data | null;
}

/** layerNorm over the last axis (n) through the tape, with the gradients of x, weight and bias. */
function runLayerNorm(shape: number[], x: Data, w: Data | null, b: Data | null, gy: Data, dtype: DType, eps: number): NormRun {
  const n = shape[shape.length - 1]!;
  const xt = tensor(shape, x, { dtype, requiresGrad: true });
  const wt = w === null ? null : tensor([n], w, { dtype, requiresGrad: true });
  const bt = b === null ? null : tensor([n], b, { dtype, requiresGrad: true });
  const y = layerNorm(xt, [n], wt, bt, { eps });
  y.backward(tensor(shape, gy, { dtype }) as Tensor<number[], DType>);
  return { y: y.data, dx: xt.grad!.data, dw: wt === null ? null : wt.grad!.data, db: bt === null ? null : bt.grad!.data };
}

/** The kernels a WasmBackend ran during fn (from its trace). */
function kernelsRun(be: WasmBackend, fn: () => void): Set<string> {
  const seen = new Set<string>();
  be.trace = (part) => seen.add(part);
  try {
    fn();
  } finally {
    be.trace = null;
  }
  return seen;
}

// ---- the exp kernel ------------------------------------------------------------------------------

/** float32 bits as an integer; for non-negative floats the ulp distance is the difference. */
function bitsOf(v: number): number {
  const f = new Float32Array([v]);
  return new Int32Array(f.buffer)[0]!;
}

// "auto" takes the relaxed build on every Node this runs on (Node 20 through its flag): both builds are checked.
const builds = [
  { name: "simd", use: "never" },
  { name: "relaxed simd", use: "auto" },
] as const;

for (const build of builds) {
  describe(`expF32x4, the row kernels' exp (${build.name} build), against Math.exp`, () => {
    const api = wasmApi()!;
    const memory = new api.Memory({ initial: 128, maximum: 65536, shared: true });
    const instance = new api.Instance(new api.Module(kernelsWasmBytes(build.use)), { env: { memory } });
    const expRows = instance.exports["expF32Rows"] as (x: number, y: number, len: number) => void;
    const at = 1024;
    /** e^x for every x by the kernel (vector lanes and, for len % 4, the scalar tail). */
    const exp = (x: Float32Array): Float32Array => {
      const f32 = new Float32Array(memory.buffer);
      const y0 = at + x.length * 4 + 64;
      f32.set(x, at >> 2);
      expRows(at, y0, x.length);
      return new Float32Array(memory.buffer).slice(y0 >> 2, (y0 >> 2) + x.length);
    };
    const maxUlp = (x: Float32Array): { ulp: number; at: number } => {
      const y = exp(x);
      let worst = { ulp: 0, at: 0 };
      for (let i = 0; i < x.length; i++) {
        const want = Math.fround(Math.exp(x[i]!));
        const d = Math.abs(bitsOf(y[i]!) - bitsOf(want));
        if (d > worst.ulp) worst = { ulp: d, at: x[i]! };
      }
      return worst;
    };
    const sweep = (lo: number, hi: number, count: number): Float32Array => {
      const x = new Float32Array(count);
      for (let i = 0; i < count; i++) x[i] = Math.fround(lo + ((hi - lo) * i) / (count - 1));
      return x;
    };

    it("is within 1 ulp over [-104, 0] (softmax's inputs, subnormal results included), 300001 points", () => {
      expect(maxUlp(sweep(-104, 0, 300_001)).ulp).toBeLessThanOrEqual(1);
    });

    it("is within 1 ulp over (0, 88.7] and near 0", () => {
      expect(maxUlp(sweep(1e-6, 88.7, 100_003)).ulp).toBeLessThanOrEqual(1);
      expect(maxUlp(sweep(-1e-3, 1e-3, 10_001)).ulp).toBeLessThanOrEqual(1);
    });

    it("gives 0 at -inf and below -104, +inf past ln(FLT_MAX), NaN for NaN, 1 at ±0", () => {
      const special = new Float32Array([-Infinity, -1e30, -200, -110, -104, Infinity, 1e30, 89, 88.73, NaN, 0, -0, 88.72]);
      const y = exp(special);
      expect(Array.from(y.subarray(0, 9))).toEqual([0, 0, 0, 0, 0, Infinity, Infinity, Infinity, Infinity]);
      expect(y[9]).toBeNaN();
      expect([y[10], y[11]]).toEqual([1, 1]);
      expect(y[12]).toBe(Math.fround(Math.exp(Math.fround(88.72))));
    });
  });
}

// ---- softmax and layer norm through the ops, wasm vs JS ---------------------------------------------

/** Row shapes: lengths around the 4-lane vectors, n = 1, many rows (split over threads) and few. */
const rowShapes: readonly number[][] = [
  [1, 1],
  [7, 1],
  [3, 2],
  [5, 3],
  [4, 4],
  [6, 5],
  [9, 7],
  [2, 8],
  [33, 9],
  [3, 31],
  [2, 3, 5, 13],
  [65, 128],
  [8, 130],
  [3, 257],
];

const magnitudes = [1e-30, 1e-3, 1, 30, 1e4, 1e30];

const threadCounts = [1, 2];

for (const threads of threadCounts) {
  describe(`softmax rows on wasm (${threads} thread${threads > 1 ? "s" : ""}) vs the JS path`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    // exp (1 ulp), x - max rounded in float32 (|x - m| e^(x - m) <= 1/e of the row's scale), 1 / sum and the
    // multiply: measured up to ~2 ulps of the row's largest y; asserted 8.
    const yTol = 8 * ULP;
    // dx = y * (gy - dot) with gy - dot in float32: asserted 8 ulps of max |y| * (max |gy| + |dot|) per row.
    const dxTol = 8 * ULP;

    const cases: { name: string; shape: number[]; x: Float32Array; gy: Float32Array }[] = [];
    rowShapes.forEach((shape, s) => {
      const size = shape.reduce((a, b) => a * b, 1);
      magnitudes.forEach((mag, m) => {
        cases.push({
          name: `${JSON.stringify(shape)} |x| < ${mag}`,
          shape,
          x: values(size, mag, 100 * s + m),
          gy: values(size, 1, 7000 + 100 * s + m),
        });
      });
      // attention masks: -inf at random places, and the first row fully masked (NaN, as PyTorch)
      const x = values(size, 10, 9000 + s);
      const pick = signedRng(9500 + s);
      for (let i = 0; i < size; i++) if (pick() > 0.4) x[i] = -Infinity;
      const n = shape[shape.length - 1]!;
      x.fill(-Infinity, 0, n);
      cases.push({ name: `${JSON.stringify(shape)} -inf mask, row 0 all -inf`, shape, x, gy: values(size, 1, 9900 + s) });
    });

    for (const c of cases) {
      it(c.name, async () => {
        const wasm = await sharedWasmBackend(threads);
        const n = c.shape[c.shape.length - 1]!;
        const rows = c.x.length / n;
        const want = on(jsBackend, () => runSoftmax(c.shape, c.x, c.gy, "float32", -1));
        let got: SoftmaxRun | null = null;
        const ran = kernelsRun(wasm, () => {
          got = on(wasm, () => runSoftmax(c.shape, c.x, c.gy, "float32", -1));
        });
        expect([...ran].filter((k) => k.startsWith("softmax"))).toEqual(["softmaxRows", "softmaxRowsBwd"]);
        const { y, dx } = got!;
        const yScale = rowMaxAbs(want.y, rows, n);
        expectRowsClose(y, want.y, rows, n, (r) => yTol * yScale[r]!, "y");
        const gScale = new Float64Array(rows);
        for (let r = 0; r < rows; r++) {
          let dot = 0;
          let gMax = 0;
          for (let j = 0; j < n; j++) {
            dot += c.gy[r * n + j]! * want.y[r * n + j]!;
            gMax = Math.max(gMax, Math.abs(c.gy[r * n + j]!));
          }
          gScale[r] = yScale[r]! * (gMax + Math.abs(dot));
        }
        expectRowsClose(dx, want.dx, rows, n, (r) => dxTol * gScale[r]!, "dx");
        if (c.name.includes("all -inf")) {
          expect(
            Array.from(y.subarray(0, n)).every((v) => Number.isNaN(v)),
            "a fully masked row is NaN, as on the JS path",
          ).toBe(true);
        }
      });
    }

    it("a row holding NaN or +inf is NaN, as on the JS path", async () => {
      const wasm = await sharedWasmBackend(threads);
      const x = new Float32Array([1, 2, Number.NaN, 3, 4, 5, 0, 1, 2, Infinity, 3, 4, 0.5, 0.25, 0.125, 1, 2, 3]);
      const gy = values(x.length, 1, 5);
      const want = on(jsBackend, () => runSoftmax([3, 6], x, gy, "float32", -1));
      const got = on(wasm, () => runSoftmax([3, 6], x, gy, "float32", -1));
      expect(Array.from(want.y.subarray(0, 12)).every((v) => Number.isNaN(v))).toBe(true);
      expect(Array.from(got.y.subarray(0, 12)).every((v) => Number.isNaN(v))).toBe(true);
      expectRowsClose(got.y.subarray(12), want.y.subarray(12), 1, 6, () => yTol, "finite row");
    });

    it("falls back to the JS loops, with the same bits, for float64 and for an axis that is not the last", async () => {
      const wasm = await sharedWasmBackend(threads);
      const shape = [3, 5, 6];
      const x = values(90, 5, 11);
      const gy = values(90, 1, 12);
      const x64 = Float64Array.from(x, (v) => v * 1.000001);
      for (const [dtype, data, dim] of [
        ["float64", x64, -1],
        ["float32", x, 1],
        ["float32", x, 0],
      ] as const) {
        const want = on(jsBackend, () => runSoftmax(shape, data, gy, dtype, dim));
        const ran = kernelsRun(wasm, () => {
          const got = on(wasm, () => runSoftmax(shape, data, gy, dtype, dim));
          expect(Array.from(got.y)).toEqual(Array.from(want.y));
          expect(Array.from(got.dx)).toEqual(Array.from(want.dx));
        });
        expect(ran.size, `${dtype} dim ${dim} ran no wasm kernel`).toBe(0);
      }
    });

    it("empty rows and empty tensors", async () => {
      const wasm = await sharedWasmBackend(threads);
      for (const shape of [
        [0, 5],
        [4, 0],
      ]) {
        const got = on(wasm, () => runSoftmax(shape, new Float32Array(0), new Float32Array(0), "float32", -1));
        expect(got.y.length).toBe(0);
        expect(got.dx.length).toBe(0);
      }
    });
  });

  describe(`layerNorm rows on wasm (${threads} thread${threads > 1 ? "s" : ""}) vs the JS path`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    // y and dx are computed in float64 as on the JS path and rounded once; only the sums' order differs.
    const tol = (got: Data, want: Data, rows: number, n: number, label: string): void => {
      const scale = rowMaxAbs(want, rows, n);
      expectRowsClose(got, want, rows, n, (r) => 2 * ULP * scale[r]!, label);
    };
    const normShapes: readonly number[][] = [...rowShapes, [1024, 8], [2, 512]];
    const offsets = [0, 1000];
    normShapes.forEach((shape, s) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const n = shape[shape.length - 1]!;
      const rows = size / n;
      for (const [m, mag] of [1e-30, 1e-3, 1, 1e4, 1e30].entries()) {
        for (const offset of offsets) {
          for (const affine of [true, false]) {
            const name = `${JSON.stringify(shape)} |x| < ${mag}${offset === 0 ? "" : ` + ${offset}`}${affine ? ", weight and bias" : ", no affine"}`;
            it(name, async () => {
              const wasm = await sharedWasmBackend(threads);
              const x = values(size, mag, 300 * s + m);
              if (offset !== 0) for (let i = 0; i < size; i++) x[i] = Math.fround(x[i]! + offset);
              const w = affine ? values(n, 2, 40 + s) : null;
              const b = affine ? values(n, 1, 50 + s) : null;
              const gy = values(size, 1, 60 + s);
              const eps = 1e-5;
              const want = on(jsBackend, () => runLayerNorm(shape, x, w, b, gy, "float32", eps));
              let got: NormRun | null = null;
              const ran = kernelsRun(wasm, () => {
                got = on(wasm, () => runLayerNorm(shape, x, w, b, gy, "float32", eps));
              });
              const expected = affine ? ["layerNormRows", "layerNormParamsBwd", "layerNormRowsBwd"] : ["layerNormRows", "layerNormRowsBwd"];
              expect([...ran].filter((k) => k.startsWith("layerNorm"))).toEqual(expected);
              const g = got!;
              tol(g.y, want.y, rows, n, "y");
              tol(g.dx, want.dx, rows, n, "dx");
              if (!affine) return;
              // dw, db: the JS float32 path accumulates them in float32 over the rows; wasm sums in float64 and
              // rounds once, so compare with the float64 JS path (same float32 inputs): within 1 ulp of it, plus
              // the float64 sums' own order (1e-12 of rows * max |gy| * max |h|, |h| <= sqrt(n)).
              const want64 = on(jsBackend, () =>
                runLayerNorm(shape, Float64Array.from(x), Float64Array.from(w!), Float64Array.from(b!), Float64Array.from(gy), "float64", eps),
              );
              const slack = 1e-12 * rows * Math.sqrt(n);
              for (const [label, gv, wv] of [
                ["dWeight", g.dw!, want64.dw!],
                ["dBias", g.db!, want64.db!],
              ] as const) {
                for (let j = 0; j < n; j++) {
                  const d = Math.abs(gv[j]! - wv[j]!);
                  if (!(d <= ULP * Math.abs(wv[j]!) + slack)) expect.fail(`${label}[${j}]: got ${gv[j]}, want ${wv[j]} (float64)`);
                }
              }
              // and the float32 JS path's dw, db within its own float32 accumulation error
              const acc = (rows + 2) * ULP * Math.sqrt(n) * rows;
              for (let j = 0; j < n; j++) {
                expect(Math.abs(g.dw![j]! - want.dw![j]!)).toBeLessThanOrEqual(acc);
                expect(Math.abs(g.db![j]! - want.db![j]!)).toBeLessThanOrEqual(acc);
              }
            });
          }
        }
      }
    });

    it("only the gradients asked for: x alone, weight alone", async () => {
      const wasm = await sharedWasmBackend(threads);
      const shape = [6, 10];
      const x = values(60, 3, 1);
      const w = values(10, 1, 2);
      const gy = values(60, 1, 3);
      const xt = tensor(shape, x, { requiresGrad: true });
      const wt = tensor([10], w);
      const want = on(jsBackend, () => runLayerNorm(shape, x, w, null, gy, "float32", 1e-5));
      const ranX = kernelsRun(wasm, () => on(wasm, () => layerNorm(xt, [10], wt, null).backward(tensor(shape, gy))));
      expect(ranX.has("layerNormRowsBwd") && !ranX.has("layerNormParamsBwd")).toBe(true);
      tol(xt.grad!.data, want.dx, 6, 10, "dx");
      const xc = tensor(shape, x);
      const wg = tensor([10], w, { requiresGrad: true });
      const ranW = kernelsRun(wasm, () => on(wasm, () => layerNorm(xc, [10], wg, null).backward(tensor(shape, gy))));
      expect(ranW.has("layerNormParamsBwd") && !ranW.has("layerNormRowsBwd")).toBe(true);
      for (let j = 0; j < 10; j++) expect(Math.abs(wg.grad!.data[j]! - want.dw![j]!)).toBeLessThanOrEqual(1e-5);
    });

    it("normalizes over several trailing axes as one row", async () => {
      const wasm = await sharedWasmBackend(threads);
      const x = values(2 * 3 * 5, 4, 21);
      const xt = tensor([2, 3, 5], x);
      const want = on(jsBackend, () => layerNorm(xt, [3, 5]).data);
      const got = on(wasm, () => layerNorm(xt, [3, 5]).data);
      tol(got, want, 2, 15, "y");
    });

    it("float64 falls back to the JS loops, with the same bits", async () => {
      const wasm = await sharedWasmBackend(threads);
      const shape = [5, 7];
      const x = Float64Array.from(values(35, 2, 31), (v) => v / 3);
      const w = Float64Array.from(values(7, 1, 32));
      const b = Float64Array.from(values(7, 1, 33));
      const gy = Float64Array.from(values(35, 1, 34));
      const want = on(jsBackend, () => runLayerNorm(shape, x, w, b, gy, "float64", 1e-5));
      const ran = kernelsRun(wasm, () => {
        const got = on(wasm, () => runLayerNorm(shape, x, w, b, gy, "float64", 1e-5));
        for (const k of ["y", "dx", "dw", "db"] as const) expect(Array.from(got[k]!)).toEqual(Array.from(want[k]!));
      });
      expect(ran.size).toBe(0);
    });
  });
}

// ---- the kernel boundary ------------------------------------------------------------------------------

describe("checkedBackend forwards the row kernels behind their checks", () => {
  it("only those the backend has", async () => {
    const js = checkedBackend(jsBackend);
    expect(js.softmaxRows).toBeUndefined();
    expect(js.layerNormRowsBackward).toBeUndefined();
    const wasm = checkedBackend(await sharedWasmBackend(1));
    expect(typeof wasm.softmaxRows).toBe("function");
    expect(typeof wasm.softmaxRowsBackward).toBe("function");
    expect(typeof wasm.layerNormRows).toBe("function");
    expect(typeof wasm.layerNormRowsBackward).toBe("function");
  });

  it("rejects wrong lengths, element types and row counts before anything runs", async () => {
    const wasm = checkedBackend(await sharedWasmBackend(1));
    const x = new Float32Array(12);
    const y = new Float32Array(12).fill(7);
    expect(() => wasm.softmaxRows!(3, 4, x, new Float32Array(11))).toThrow(ShapeError);
    expect(() => wasm.softmaxRows!(3, 4, x, new Float32Array(11))).toThrow("softmaxRows: y must have 12 elements (from the geometry), got 11");
    expect(() => wasm.softmaxRows!(-3, -4, x, y)).toThrow("softmaxRows: rows must be a non-negative integer, got -3");
    expect(() => wasm.softmaxRows!(3, 4, new Float64Array(12) as unknown as Float32Array, y)).toThrow(DTypeError);
    expect(() => wasm.softmaxRowsBackward!(3, 4, x, x, new Float32Array(13))).toThrow(ShapeError);
    const mean = new Float64Array(3);
    const rstd = new Float64Array(3);
    expect(() => wasm.layerNormRows!(3, 4, 1e-5, x, new Float32Array(3), null, y, mean, rstd)).toThrow(
      "layerNormRows: weight must have 4 elements (from the geometry), got 3",
    );
    expect(() => wasm.layerNormRows!(3, 4, 1e-5, x, null, null, y, new Float32Array(3) as unknown as Float64Array, rstd)).toThrow(
      "layerNormRows: mean must be a Float64Array, got Float32Array",
    );
    expect(() => wasm.layerNormRowsBackward!(3, 4, x, null, mean, new Float64Array(2), x, null, null, null)).toThrow(ShapeError);
    expect(
      Array.from(y).every((v) => v === 7),
      "nothing was written",
    ).toBe(true);
  });
});
