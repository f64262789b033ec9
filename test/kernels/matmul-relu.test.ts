/**
 * matmul's `relu` (linearRelu's forward: the activation applied before the product leaves its kernel) is relu of
 * the product on every backend, bit for bit: dense and strided problems, a bias, NaN passing (relu's rule), and only
 * the products' own elements touched. A backend whose matmul predates the flag gets relu from the guard.
 */
import { describe, expect, it } from "vitest";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { checkedBackend } from "../../src/kernels/checked-backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { layoutOf, type MatmulProblem } from "../../src/kernels/matmul.js";
import { reluForward } from "../../src/kernels/relu-forward.js";
import { densePlace, placedProblem } from "../../src/ops/linalg/gemm.js";
import { backendsUnderTest } from "../helpers/backends.js";
import { randomArray, signedRng } from "./kernel-helpers.js";

interface Case {
  readonly name: string;
  readonly p: MatmulProblem;
  readonly aSize: number;
  readonly bSize: number;
  readonly cSize: number;
  readonly bias: boolean;
}

const dense = (batch: number, m: number, n: number, k: number, bias: boolean): Case => ({
  name: `dense ${batch}x ${m}x${k} · ${k}x${n}${bias ? " + bias" : ""}`,
  p: { batch, m, n, k, transA: false, transB: true, aIndex: null, bIndex: null },
  aSize: batch * m * k,
  bSize: batch * n * k,
  cSize: batch * m * n,
  bias,
});

/** Two heads side by side in one (m, 2n + 3) output, columns between them left alone. */
function strided(): Case {
  const [batch, m, n, k] = [2, 6, 5, 7];
  const ldc = 2 * n + 3;
  const p = placedProblem(batch, m, n, k, false, false, densePlace(batch, m * k, k), densePlace(batch, k * n, n), {
    offsets: Int32Array.from([0, n + 1]),
    rowStride: ldc,
  });
  return { name: "strided: two products interleaved in one output", p, aSize: batch * m * k, bSize: batch * k * n, cSize: m * ldc, bias: true };
}

const cases = [dense(1, 9, 13, 5, true), dense(3, 16, 24, 8, false), dense(1, 1, 1, 3, true), strided()];

/** c after matmul with relu, and relu applied to each product's elements after a plain matmul (the rest of c holds -1 and must keep it). */
function both(backend: KernelBackend, c: Case, dtype: "float32" | "float64"): [Uint8Array, Uint8Array] {
  const make = (n: number, seed: number): Float32Array | Float64Array => {
    const v = randomArray(n, signedRng(seed));
    if (n > 3) v[2] = Number.NaN; // a NaN operand: its row (or column) is NaN, which relu passes
    return dtype === "float32" ? Float32Array.from(v) : Float64Array.from(v);
  };
  const a = make(c.aSize, 1);
  const b = make(c.bSize, 2);
  const bias = c.bias
    ? dtype === "float32"
      ? Float32Array.from(randomArray(c.p.n, signedRng(3)))
      : Float64Array.from(randomArray(c.p.n, signedRng(3)))
    : null;
  const fresh = (): Float32Array | Float64Array => (dtype === "float32" ? new Float32Array(c.cSize) : new Float64Array(c.cSize)).fill(-1);
  const guarded = checkedBackend(backend);
  const fused = fresh();
  guarded.matmul!(c.p, a, b, bias, fused, true);
  const after = fresh();
  guarded.matmul!(c.p, a, b, bias, after);
  const { cOffsets, cRowStride } = layoutOf(c.p);
  for (let i = 0; i < c.p.batch; i++) {
    for (let r = 0; r < c.p.m; r++) {
      const row = after.subarray(cOffsets[i]! + r * cRowStride, cOffsets[i]! + r * cRowStride + c.p.n);
      reluForward(row, row);
    }
  }
  return [new Uint8Array(fused.buffer), new Uint8Array(after.buffer)];
}

for (const entry of backendsUnderTest) {
  describe(`matmul with relu is relu of the product [${entry.name}]`, () => {
    for (const c of cases) {
      for (const dtype of ["float32", "float64"] as const) {
        it(`${c.name}, ${dtype}`, async () => {
          const [fused, after] = both(await entry.create(), c, dtype);
          expect(fused).toEqual(after);
        });
      }
    }
  });
}

describe("a backend whose matmul predates relu", () => {
  it("gets relu from the guard, on dense and strided products", () => {
    const { matmul: _ignored, reluMatmul: _flag, ...rest } = jsBackend;
    const old: KernelBackend = { ...rest, name: "old matmul", matmul: (p, a, b, bias, c) => jsBackend.matmul!(p, a, b, bias, c) };
    for (const c of cases) {
      const [fused, after] = both(old, c, "float32");
      expect(fused).toEqual(after);
    }
  });
});
