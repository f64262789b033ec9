/**
 * The GEMM kernels (KernelBackend.matmul) against a float64 reference: the WebAssembly SIMD kernel on
 * float32 (1 and 2 threads) and the pure TypeScript kernel on float32 and float64, on odd sizes around the
 * 4 x 8 tile and the cache blocks, with transposed operands read in place, broadcast batches and a bias.
 */
import { describe, expect, it } from "vitest";
import type { FloatArray } from "../../src/kernels/geometry.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import type { MatmulProblem } from "../../src/kernels/matmul.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { expectFloat32Close, randomArray, signedRng } from "../kernels/kernel-helpers.js";
import { sharedWasmBackend } from "./shared-backends.js";

const sizes = [1, 3, 5, 17, 63, 65, 129];

/** c[i] = op(a[ai]) · op(b[bi]) + bias in float64, straight from the definition. */
function reference(p: MatmulProblem, a: ArrayLike<number>, b: ArrayLike<number>, bias: ArrayLike<number> | null): Float64Array {
  const { batch, m, n, k, transA, transB, aIndex, bIndex } = p;
  const c = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    const ao = (aIndex === null ? t : aIndex[t]!) * m * k;
    const bo = (bIndex === null ? t : bIndex[t]!) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = bias === null ? 0 : bias[j]!;
        for (let q = 0; q < k; q++) s += a[ao + (transA ? q * m + i : i * k + q)]! * b[bo + (transB ? j * k + q : q * n + j)]!;
        c[(t * m + i) * n + j] = s;
      }
    }
  }
  return c;
}

interface Case {
  readonly p: MatmulProblem;
  readonly aMats: number;
  readonly bMats: number;
  readonly bias: boolean;
}

function single(m: number, n: number, k: number, transA: boolean, transB: boolean, bias = false): Case {
  return { p: { batch: 1, m, n, k, transA, transB, aIndex: null, bIndex: null }, aMats: 1, bMats: 1, bias };
}

const transposes: readonly [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** Every size against its neighbours in the list (as m, n and k), squares included, under every transpose. */
function oddCases(): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < sizes.length; i++) {
    const triples = [
      [sizes[i]!, sizes[i]!, sizes[i]!],
      [sizes[i]!, sizes[(i + 1) % sizes.length]!, sizes[(i + 3) % sizes.length]!],
      [sizes[(i + 5) % sizes.length]!, sizes[i]!, sizes[(i + 2) % sizes.length]!],
    ];
    for (const [m, n, k] of triples) for (const [ta, tb] of transposes) out.push(single(m!, n!, k!, ta, tb, (m! + n!) % 2 === 0));
  }
  return out;
}

/** Deeper than one K block, wider and taller than one unit: the K accumulation and the unit split. */
const bigCases: Case[] = [single(260, 530, 300, false, false, true), single(129, 1030, 280, true, false), single(1030, 65, 270, false, true, true)];

/** A broadcast batch: (2, 1) matrices of a against (3,) of b give 6 products; and b shared by a batch of 5. */
const batchCases: Case[] = [
  {
    p: {
      batch: 6,
      m: 17,
      n: 9,
      k: 33,
      transA: false,
      transB: false,
      aIndex: Int32Array.from([0, 0, 0, 1, 1, 1]),
      bIndex: Int32Array.from([0, 1, 2, 0, 1, 2]),
    },
    aMats: 2,
    bMats: 3,
    bias: false,
  },
  {
    p: { batch: 5, m: 3, n: 65, k: 64, transA: true, transB: false, aIndex: null, bIndex: Int32Array.from([0, 0, 0, 0, 0]) },
    aMats: 5,
    bMats: 1,
    bias: true,
  },
  { p: { batch: 4, m: 65, n: 5, k: 7, transA: false, transB: true, aIndex: null, bIndex: null }, aMats: 4, bMats: 4, bias: true },
];

function label(c: Case): string {
  const { batch, m, n, k, transA, transB } = c.p;
  return `${batch}x ${m}x${k}${transA ? "ᵀ" : ""} · ${k}x${n}${transB ? "ᵀ" : ""}${c.bias ? " + bias" : ""}`;
}

function check(be: KernelBackend, c: Case, make: (len: number) => FloatArray, seed: number, exact: boolean): void {
  const next = signedRng(seed);
  const { m, n, k, batch } = c.p;
  const a = make(c.aMats * m * k);
  a.set(randomArray(a.length, next));
  const b = make(c.bMats * k * n);
  b.set(randomArray(b.length, next));
  const bias = c.bias ? make(n) : null;
  if (bias !== null) bias.set(randomArray(n, next));
  // A stale output: the kernel must overwrite every element.
  const out = make(batch * m * n).fill(Number.NaN);
  be.matmul!(c.p, a, b, bias, out);
  const want = reference(c.p, a, b, bias);
  if (exact) {
    for (let i = 0; i < want.length; i++) expect(Math.abs(out[i]! - want[i]!), `${label(c)} [${i}]`).toBeLessThanOrEqual(1e-12 * (1 + k));
  } else {
    expectFloat32Close(out, want, label(c), k);
  }
}

const all = [...oddCases(), ...bigCases, ...batchCases];

describe.each([1, 2])("wasm GEMM, %i thread(s), float32 vs a float64 reference", (threads) => {
  it.each(all.map((c, i) => [label(c), c, i] as const))("%s", async (_, c, i) => {
    const be = await sharedWasmBackend(threads);
    check(be, c, (len) => new Float32Array(len), 100 + i, false);
  });

  it("reuses its memory: a small product after a big one is still right", async () => {
    const be = await sharedWasmBackend(threads);
    check(be, bigCases[0]!, (len) => new Float32Array(len), 1, false);
    check(be, single(3, 5, 7, true, true, true), (len) => new Float32Array(len), 2, false);
  });

  it("float64 goes to the JS kernel (same values as it)", async () => {
    const be = await sharedWasmBackend(threads);
    check(be, single(17, 63, 65, true, false, true), (len) => new Float64Array(len), 3, true);
  });
});

describe("JS GEMM vs a float64 reference", () => {
  it.each(all.map((c, i) => [label(c), c, i] as const))("float64 %s", (_, c, i) => {
    check(jsBackend, c, (len) => new Float64Array(len), 200 + i, true);
  });
  it.each(batchCases.map((c, i) => [label(c), c, i] as const))("float32 %s", (_, c, i) => {
    check(jsBackend, c, (len) => new Float32Array(len), 300 + i, false);
  });
  it("k = 0 gives the bias (or zeros)", () => {
    const out = new Float64Array(6).fill(Number.NaN);
    jsBackend.matmul!(single(2, 3, 0, false, false).p, new Float64Array(0), new Float64Array(0), Float64Array.from([1, 2, 3]), out);
    expect([...out]).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
