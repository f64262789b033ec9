/**
 * GEMM over a strided layout (MatmulProblem.layout: each product's matrices at their own offsets, rows a stride
 * apart — attention heads side by side in a packed projection) against a float64 reference read straight from the
 * definition, on the JS kernel and the WebAssembly kernel (1 and 2 threads), under every transpose, with shared
 * matrices (repeated offsets), interleaved outputs and a bias; what lies between the output's matrices is left as
 * it was. The guard rejects a layout that passes the end of its array.
 */
import { describe, expect, it } from "vitest";
import { useBackend } from "../../src/backend.js";
import { ShapeError } from "../../src/errors.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { checkedBackend } from "../../src/kernels/checked-backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import type { MatmulLayout, MatmulProblem } from "../../src/kernels/matmul.js";
import { densePlace, placedProblem } from "../../src/ops/linalg/gemm.js";
import { scaledDotProductAttention } from "../../src/ops/linalg/attention.js";
import { packedSelfAttention } from "../../src/ops/linalg/packed-attention.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";
import type { Shape } from "../../types/tensor/shape.js";
import { sharedWasmBackend } from "../wasm/shared-backends.js";
import { expectFloat32Close, randomArray, signedRng } from "./kernel-helpers.js";

/** c[i] at its place = op(a[i]) · op(b[i]) + bias, from the definition; untouched elements keep `fill`. */
function reference(
  p: MatmulProblem,
  l: MatmulLayout,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  c: ArrayLike<number>,
): Float64Array {
  const out = Float64Array.from(c);
  const { batch, m, n, k, transA, transB } = p;
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = bias === null ? 0 : bias[j]!;
        for (let q = 0; q < k; q++) {
          const av = a[l.aOffsets[t]! + (transA ? q * l.aRowStride + i : i * l.aRowStride + q)]!;
          const bv = b[l.bOffsets[t]! + (transB ? j * l.bRowStride + q : q * l.bRowStride + j)]!;
          s += av * bv;
        }
        out[l.cOffsets[t]! + i * l.cRowStride + j] = s;
      }
    }
  }
  return out;
}

interface LayoutCase {
  readonly name: string;
  readonly p: MatmulProblem & { readonly layout: MatmulLayout };
  readonly aLength: number;
  readonly bLength: number;
  readonly cLength: number;
  readonly bias: boolean;
}

/**
 * Heads of a packed projection (B, T, 3·E): product (b, h) reads q at columns h·hd of part 0 and k (or v) at part 1,
 * rows 3·E apart, and writes (B, T, E) at columns h·hd: S = Q·Kᵀ (transB) and O = P·V shapes, and the gradients'
 * transposed reads.
 */
function headCases(B: number, T: number, H: number, hd: number): LayoutCase[] {
  const E = H * hd;
  const batch = B * H;
  const at = (part: number, stride: number) => Int32Array.from({ length: batch }, (_, i) => Math.floor(i / H) * T * stride + part * E + (i % H) * hd);
  const dense = (size: number) => Int32Array.from({ length: batch }, (_, i) => i * size);
  const out: LayoutCase[] = [];
  for (const [transA, transB] of [
    [false, true],
    [false, false],
    [true, false],
    [true, true],
  ] as const) {
    // (T x hd) · (hd x T) reading both from the packed array, into dense scores
    out.push({
      name: `scores q·kᵀ-like, transA ${transA}, transB ${transB}, T ${T}, hd ${hd}`,
      p: {
        batch,
        m: T,
        n: T,
        k: hd,
        transA,
        transB,
        aIndex: null,
        bIndex: null,
        layout: {
          aOffsets: at(0, 3 * E),
          aRowStride: transA ? 3 * E : 3 * E,
          bOffsets: at(1, 3 * E),
          bRowStride: 3 * E,
          cOffsets: dense(T * T),
          cRowStride: T,
        },
      },
      aLength: B * T * 3 * E,
      bLength: B * T * 3 * E,
      cLength: batch * T * T,
      bias: transA && transB,
    });
  }
  // dense (T x T) · strided v (T x hd) into the interleaved output (B, T, E)
  out.push({
    name: `P·V into interleaved heads, T ${T}, hd ${hd}`,
    p: {
      batch,
      m: T,
      n: hd,
      k: T,
      transA: false,
      transB: false,
      aIndex: null,
      bIndex: null,
      layout: { aOffsets: dense(T * T), aRowStride: T, bOffsets: at(2, 3 * E), bRowStride: 3 * E, cOffsets: at(0, E), cRowStride: E },
    },
    aLength: batch * T * T,
    bLength: B * T * 3 * E,
    cLength: B * T * E,
    bias: true,
  });
  // one matrix of b shared by every product (repeated offsets), output parts of a packed gradient
  out.push({
    name: `a shared b, into part 1 of a packed gradient, T ${T}, hd ${hd}`,
    p: {
      batch,
      m: T,
      n: hd,
      k: 9,
      transA: false,
      transB: false,
      aIndex: null,
      bIndex: null,
      layout: { aOffsets: dense(T * 9), aRowStride: 9, bOffsets: new Int32Array(batch), bRowStride: hd, cOffsets: at(1, 3 * E), cRowStride: 3 * E },
    },
    aLength: batch * T * 9,
    bLength: 9 * hd,
    cLength: B * T * 3 * E,
    bias: false,
  });
  return out;
}

// sizes off the kernel's tile (padded rows and columns), and on it (T a multiple of 4 and 8: whole rows copied at once)
const cases = [...headCases(2, 5, 3, 4), ...headCases(2, 8, 2, 8)];

function check(be: KernelBackend, c: LayoutCase, seed: number, make: (n: number) => Float32Array | Float64Array, exact: boolean): void {
  const next = signedRng(seed);
  const a = make(c.aLength);
  a.set(randomArray(a.length, next));
  const b = make(c.bLength);
  b.set(randomArray(b.length, next));
  const bias = c.bias ? make(c.p.n) : null;
  if (bias !== null) bias.set(randomArray(c.p.n, next));
  const out = make(c.cLength).fill(7);
  const want = reference(c.p, c.p.layout, a, b, bias, out);
  checkedBackend(be).matmul!(c.p, a, b, bias, out);
  if (exact) for (let i = 0; i < want.length; i++) expect(Math.abs(out[i]! - want[i]!), `${c.name} [${i}]`).toBeLessThanOrEqual(1e-12);
  else expectFloat32Close(out, want, c.name, c.p.k);
}

describe("GEMM over a strided layout", () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))("JS kernel, float64: %s", (_, c, i) =>
    check(jsBackend, c, 10 + i, (n) => new Float64Array(n), true),
  );
  it.each(cases.map((c, i) => [c.name, c, i] as const))("JS kernel, float32: %s", (_, c, i) =>
    check(jsBackend, c, 20 + i, (n) => new Float32Array(n), false),
  );
  for (const threads of [1, 2]) {
    it.each(cases.map((c, i) => [c.name, c, i] as const))(`wasm ${threads} thread(s): %s`, async (_, c, i) => {
      check(await sharedWasmBackend(threads), c, 30 + i, (n) => new Float32Array(n), false);
    });
  }
});

describe("a backend whose matmul predates layouts", () => {
  it("gets no strided problem: the guard runs those on the JS kernel, and attention stays right", async () => {
    const seen: MatmulProblem[] = [];
    const { matmul: _ignored, stridedMatmul: _flag, ...rest } = jsBackend;
    // batch indices only, as matmul was before layouts: a layout given to it would be read wrong
    const old: KernelBackend = {
      ...rest,
      name: "old matmul",
      matmul: (p, a, b, bias, c) => {
        seen.push(p);
        jsBackend.matmul!({ ...p, layout: undefined } as MatmulProblem, a, b, bias, c);
      },
    };
    const qkv = randn([2, 5, 12], { seed: 1 }) as Tensor<Shape, "float32">;
    const want = packedSelfAttention(qkv, 2, null, 0.5).data;
    const before = useBackend(old);
    try {
      const got = packedSelfAttention(qkv, 2, null, 0.5).data;
      expect(Array.from(got)).toEqual(Array.from(want));
      // every product of the packed path is strided: none reached the old matmul
      expect(seen).toEqual([]);
      // dense products still go to it
      const q = randn([2, 3, 4], { seed: 2 });
      scaledDotProductAttention(q, q, q);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((p) => p.layout === undefined)).toBe(true);
    } finally {
      useBackend(before);
    }
  });
});

describe("placedProblem", () => {
  it("gives a plain problem (batch indices, no layout) when every operand is dense", () => {
    const p = placedProblem(3, 4, 5, 6, false, true, densePlace(3, 24, 6, Int32Array.from([0, 0, 1])), densePlace(3, 30, 6), densePlace(3, 20, 5));
    expect(p.layout).toBeUndefined();
    expect([...p.aIndex!]).toEqual([0, 0, 1]);
    expect(p.bIndex).toBeNull();
  });
  it("gives a layout when a row stride is not the matrix's width", () => {
    const p = placedProblem(
      2,
      4,
      5,
      6,
      false,
      false,
      { offsets: Int32Array.from([0, 6]), rowStride: 12 },
      densePlace(2, 30, 5),
      densePlace(2, 20, 5),
    );
    expect(p.layout?.aRowStride).toBe(12);
    expect(p.aIndex).toBeNull();
  });
});

describe("the kernel guard checks a layout", () => {
  it("rejects a matrix that passes the end of its array, and batch indices beside a layout", () => {
    const c = cases[4]!; // P·V: v is part 2 of the packed array, its last head ends at the array's end
    const guard = checkedBackend(jsBackend);
    const a = new Float32Array(c.aLength);
    const b = new Float32Array(c.bLength - 1);
    const out = new Float32Array(c.cLength);
    expect(() => guard.matmul!(c.p, a, b, null, out)).toThrow(ShapeError);
    expect(() => guard.matmul!(c.p, a, b, null, out)).toThrow("matmul: b's matrix 5 (5x4, rows 36 apart) at 212 passes the end of its 359 elements");
    expect(() => guard.matmul!(c.p, a, new Float32Array(c.bLength), null, out)).not.toThrow();
    expect(() => guard.matmul!({ ...c.p, aIndex: new Int32Array(c.p.batch) }, a, new Float32Array(c.bLength), null, out)).toThrow(
      "matmul: a layout replaces the batch indices, got both",
    );
  });
});
