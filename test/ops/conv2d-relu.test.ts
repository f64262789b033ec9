/**
 * conv2d with the relu fused into the kernel's output stage equals conv2d then relu: bit for bit on the JS
 * backend (float32 and float64) and on the wasm backend against its own conv + reluFwd (1 and 2 threads, the
 * Winograd and the direct kernel), over odd sizes, strides, dilation, batch, channel counts that are not
 * multiples of 4, and NaN / infinite inputs. Equality is `Object.is` per element, so a lost NaN or a -0 that
 * the unfused relu turns into +0 fails.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { ShapeError } from "../../src/errors.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import type { Conv2dGeometry, FloatArray } from "../../src/kernels/geometry.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { conv2dRelu } from "../../src/ops/conv2d-relu.js";
import { relu } from "../../src/ops/relu.js";
import { type Tensor, randn } from "../../src/tensor/tensor.js";
import { createWasmBackend, type WasmBackend } from "../../src/wasm/index.js";
import { dyn } from "./mistakes.js";

interface Case {
  readonly n: number;
  readonly inC: number;
  readonly outC: number;
  readonly inH: number;
  readonly inW: number;
  readonly k: number;
  readonly stride: number;
  readonly pad: number;
  readonly dil: number;
}

const cases: readonly Case[] = [
  { n: 1, inC: 3, outC: 5, inH: 7, inW: 9, k: 3, stride: 1, pad: 1, dil: 1 },
  { n: 2, inC: 8, outC: 12, inH: 11, inW: 13, k: 3, stride: 1, pad: 1, dil: 1 },
  { n: 1, inC: 64, outC: 64, inH: 9, inW: 10, k: 3, stride: 1, pad: 1, dil: 1 },
  { n: 2, inC: 5, outC: 7, inH: 6, inW: 17, k: 3, stride: 1, pad: 0, dil: 1 },
  { n: 1, inC: 4, outC: 6, inH: 10, inW: 9, k: 3, stride: 2, pad: 1, dil: 1 },
  { n: 1, inC: 3, outC: 4, inH: 12, inW: 11, k: 3, stride: 1, pad: 2, dil: 2 },
  { n: 2, inC: 16, outC: 3, inH: 5, inW: 5, k: 1, stride: 1, pad: 0, dil: 1 },
  { n: 1, inC: 2, outC: 9, inH: 8, inW: 8, k: 5, stride: 3, pad: 2, dil: 1 },
];

function geometry(c: Case): Conv2dGeometry {
  const out = (size: number): number => Math.floor((size + 2 * c.pad - c.dil * (c.k - 1) - 1) / c.stride) + 1;
  return {
    n: c.n,
    inC: c.inC,
    inH: c.inH,
    inW: c.inW,
    outC: c.outC,
    outH: out(c.inH),
    outW: out(c.inW),
    kH: c.k,
    kW: c.k,
    strideH: c.stride,
    strideW: c.stride,
    padH: c.pad,
    padW: c.pad,
    dilH: c.dil,
    dilW: c.dil,
  };
}

function random(len: number, seed: number, make: (len: number) => FloatArray): FloatArray {
  const a = make(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/** Inputs of case c; with `special`, a NaN, an Infinity and a -Infinity in x (NaN outputs and ±Infinity sums). */
function inputs(c: Case, make: (len: number) => FloatArray, special: boolean): { x: FloatArray; w: FloatArray; bias: FloatArray } {
  const x = random(c.n * c.inC * c.inH * c.inW, 7, make);
  if (special) {
    x[0] = NaN;
    x[Math.floor(x.length / 2)] = Infinity;
    x[x.length - 1] = -Infinity;
  }
  return { x, w: random(c.outC * c.inC * c.k * c.k, 11, make), bias: random(c.outC, 13, make) };
}

function firstDifference(got: FloatArray, want: FloatArray): string | null {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) return `at ${i}: fused ${got[i]}, unfused ${want[i]}`;
  return null;
}

/** The fused output and the backend's own conv then relu. */
function fusedAndUnfused(
  be: KernelBackend,
  g: Conv2dGeometry,
  x: FloatArray,
  w: FloatArray,
  bias: FloatArray | null,
  make: (len: number) => FloatArray,
): { fused: FloatArray; unfused: FloatArray; pre: FloatArray } {
  const len = g.n * g.outC * g.outH * g.outW;
  const fused = make(len);
  fused.fill(-7); // stale values must be overwritten
  be.conv2dForward(g, x, w, bias, fused, true);
  const pre = make(len);
  be.conv2dForward(g, x, w, bias, pre);
  const unfused = make(len);
  be.reluForward(pre, unfused);
  return { fused, unfused, pre };
}

const f32 = (len: number): FloatArray => new Float32Array(len);
const f64 = (len: number): FloatArray => new Float64Array(len);

describe("conv2dForward with relu, JS backend: identical to conv2dForward then reluForward", () => {
  for (const [dtype, make] of [
    ["float32", f32],
    ["float64", f64],
  ] as const) {
    for (const c of cases) {
      for (const special of [false, true]) {
        it(`${dtype} ${JSON.stringify(c)}${special ? " with NaN and ±Infinity" : ""}`, () => {
          const g = geometry(c);
          const { x, w, bias } = inputs(c, make, special);
          const { fused, unfused, pre } = fusedAndUnfused(jsBackend, g, x, w, bias, make);
          expect(firstDifference(fused, unfused)).toBeNull();
          // the case exercises the clamp: some outputs negative, some positive
          expect(pre.some((v) => v < 0) && pre.some((v) => v > 0)).toBe(true);
          if (special) expect(fused.some((v) => Number.isNaN(v))).toBe(true);
        });
      }
    }
  }
});

describe("conv2dForward with relu, wasm backend: identical to its conv then relu", () => {
  const backends: Promise<WasmBackend>[] = [];
  const open = (threads: number, winograd: "always" | "never"): Promise<WasmBackend> => {
    const p = createWasmBackend({ threads, winograd });
    backends.push(p);
    return p;
  };
  afterAll(async () => {
    for (const be of await Promise.all(backends)) be.close();
  });
  for (const threads of [1, 2]) {
    for (const winograd of ["always", "never"] as const) {
      const backend = open(threads, winograd);
      for (const c of cases) {
        for (const special of [false, true]) {
          it(`${threads} thread(s), winograd ${winograd}, ${JSON.stringify(c)}${special ? " with NaN and ±Infinity" : ""}`, async () => {
            const be = await backend;
            const g = geometry(c);
            const { x, w, bias } = inputs(c, f32, special);
            const { fused, unfused } = fusedAndUnfused(be, g, x, w, bias, f32);
            expect(firstDifference(fused, unfused)).toBeNull();
            if (special) {
              // NaN survives the clamp (Winograd's transforms also turn an Infinity's window into NaN, with or without relu)
              expect(fused.some((v) => Number.isNaN(v))).toBe(true);
              return;
            }
            // and within float32 rounding of the JS reference
            const js = fusedAndUnfused(jsBackend, g, x, w, bias, f32).fused;
            for (let i = 0; i < js.length; i++) {
              expect(Math.abs(fused[i]! - js[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(js[i]!)) * c.inC * c.k * c.k);
            }
          });
        }
      }
      it(`${threads} thread(s), winograd ${winograd}: without bias`, async () => {
        const be = await backend;
        const c = cases[1]!;
        const g = geometry(c);
        const { x, w } = inputs(c, f32, false);
        const { fused, unfused } = fusedAndUnfused(be, g, x, w, null, f32);
        expect(firstDifference(fused, unfused)).toBeNull();
      });
    }
  }
});

describe("conv2dRelu", () => {
  const initial = currentBackend();
  afterEach(() => {
    useBackend(initial);
  });

  it("equals relu(conv2d(...)) bit for bit, float32 and float64, batched and not", () => {
    useBackend(jsBackend);
    const x = randn([2, 3, 9, 7], { seed: 1 });
    const w = randn([5, 3, 3, 3], { seed: 2 });
    const b = randn([5], { seed: 3 });
    const y: Tensor<[2, 5, 5, 4]> = conv2dRelu(x, w, b, { stride: 2, padding: 1 });
    expect(y.shape).toEqual([2, 5, 5, 4]);
    expect(firstDifference(y.data, relu(conv2d(x, w, b, { stride: 2, padding: 1 })).data)).toBeNull();
    const x64 = randn([3, 6, 6], { seed: 4, dtype: "float64" });
    const w64 = randn([4, 3, 3, 3], { seed: 5, dtype: "float64" });
    const y64 = conv2dRelu(x64, w64, null, { padding: 1 });
    expect(y64.dtype).toBe("float64");
    expect(firstDifference(y64.data, relu(conv2d(x64, w64, null, { padding: 1 })).data)).toBeNull();
  });

  it("takes an empty batch", () => {
    const y = conv2dRelu(dyn([0, 3, 8, 8]), dyn([4, 3, 3, 3]), null, { padding: 1 });
    expect(y.shape).toEqual([0, 4, 8, 8]);
  });

  it("reports conv2d's run-time mistakes under its own name", () => {
    expect(() => conv2dRelu(dyn([2, 8, 8]), dyn([4, 3, 3, 3]))).toThrow(ShapeError);
    expect(() => conv2dRelu(dyn([2, 8, 8]), dyn([4, 3, 3, 3]))).toThrow(/^conv2dRelu: weight axis 1 \(inC\) and x's channel axis/);
    expect(() => conv2dRelu(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([5]))).toThrow(/^conv2dRelu: bias axis 0 and weight axis 0/);
    expect(() => conv2dRelu(dyn([3, 8, 8]), dyn([4, 3, 3, 3], "float64"))).toThrow(/^conv2dRelu: /);
  });
});
