/**
 * scaledDotProductAttention: PyTorch 2's outputs and gradients (test/golden/attention.json) through the tape on every
 * backend; the one-op forward and VJP against the same computation written out in the tape's ops (matmul, mul, add,
 * softmax); which gradients it computes; the option checks. Finite differences: gradients.test.ts.
 */
import { describe, expect, it } from "vitest";
import { useBackend } from "../../../src/backend.js";
import { add } from "../../../src/ops/elementwise/add.js";
import { mul } from "../../../src/ops/elementwise/mul.js";
import { scaledDotProductAttention } from "../../../src/ops/linalg/attention.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import { softmax } from "../../../src/ops/reduce/softmax.js";
import { transpose } from "../../../src/ops/shape/transpose.js";
import { ShapeError } from "../../../src/errors.js";
import { scratchHeldBytes } from "../../../src/tensor/scratch.js";
import { randn, type Tensor } from "../../../src/tensor/tensor.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { loadGolden } from "../../helpers/golden.js";
import { dyn, expectThrows } from "../../helpers/mistakes.js";
import { callFor } from "../../helpers/op-calls/index.js";
import { describeTensorOps, type TensorOpCase } from "../../helpers/tensor-ops.js";
import { sharedWasmBackend } from "../../wasm/shared-backends.js";

type AnyTensor = Tensor<Shape, DType>;

describeTensorOps("scaledDotProductAttention golden (PyTorch 2)", loadGolden("attention.json") as TensorOpCase[], callFor);

/** softmax(q·kᵀ·scale + mask)·v in the tape's ops, causal as a -inf mask. */
function composed(q: AnyTensor, k: AnyTensor, v: AnyTensor, mask: AnyTensor | null, scale: number): AnyTensor {
  const scores = mul(matmul(q, transpose(k, -2, -1) as AnyTensor) as AnyTensor, scale) as AnyTensor;
  return matmul(softmax(mask === null ? scores : (add(scores, mask) as AnyTensor), -1) as AnyTensor, v) as AnyTensor;
}

function leaf(shape: number[], seed: number, dtype: DType = "float64"): AnyTensor {
  return randn(shape, { seed, dtype, requiresGrad: true }) as AnyTensor;
}

/** Output and every input's gradient of `f` for a seeded gy (fresh leaves each call). */
function run(f: (xs: AnyTensor[]) => AnyTensor, shapes: number[][], dtype: DType): { y: Float64Array; grads: Float64Array[] } {
  const xs = shapes.map((s, i) => leaf(s, 40 + i, dtype));
  const y = f(xs);
  y.backward(randn(y.shape as number[], { seed: 99, dtype }) as AnyTensor);
  return { y: Float64Array.from(y.data), grads: xs.map((x) => Float64Array.from(x.grad!.data)) };
}

function expectNear(got: Float64Array, want: Float64Array, tol: number, label: string): void {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `${label} [${i}]`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!)));
}

describe("scaledDotProductAttention is the composed computation, as one op", () => {
  const cases: { name: string; shapes: number[][]; mask?: (s: number[][]) => AnyTensor; causal?: boolean; scale?: number }[] = [
    {
      name: "heads, L != S",
      shapes: [
        [2, 3, 7, 8],
        [2, 3, 9, 8],
        [2, 3, 9, 5],
      ],
    },
    {
      name: "broadcast batch",
      shapes: [
        [4, 6, 8],
        [1, 6, 8],
        [4, 6, 3],
      ],
    },
    {
      name: "mask (B, 1, L, S)",
      shapes: [
        [2, 2, 5, 4],
        [2, 2, 6, 4],
        [2, 2, 6, 4],
        [2, 1, 5, 6],
      ],
    },
    {
      name: "causal",
      shapes: [
        [2, 6, 4],
        [2, 6, 4],
        [2, 6, 4],
      ],
      causal: true,
    },
    {
      name: "scale",
      shapes: [
        [3, 5, 4],
        [3, 5, 4],
        [3, 5, 4],
      ],
      scale: 0.25,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: output and gradients equal to float64 rounding`, () => {
      const e = c.shapes[0]![c.shapes[0]!.length - 1]!;
      const scale = c.scale ?? 1 / Math.sqrt(e);
      const causalMask = (l: number, s: number): AnyTensor => {
        const m = randn([l, s], { seed: 1, dtype: "float64" }) as AnyTensor;
        for (let i = 0; i < l; i++) for (let j = 0; j < s; j++) m.data[i * s + j] = j <= i ? 0 : Number.NEGATIVE_INFINITY;
        return m;
      };
      const [l, s] = [c.shapes[0]!.at(-2)!, c.shapes[1]!.at(-2)!];
      const fused = run(
        ([q, k, v, m]) => scaledDotProductAttention(q!, k!, v!, { attnMask: m ?? null, isCausal: c.causal === true, scale }) as AnyTensor,
        c.shapes,
        "float64",
      );
      const written = run(([q, k, v, m]) => composed(q!, k!, v!, c.causal === true ? causalMask(l, s) : (m ?? null), scale), c.shapes, "float64");
      expectNear(fused.y, written.y, 1e-12, "output");
      for (const [i, g] of fused.grads.entries()) expectNear(g, written.grads[i]!, 1e-12, `gradient ${i}`);
    });
  }

  it("float32 on the WebAssembly kernels (2 threads) matches float64 to float32 precision at a transformer's sizes", async () => {
    const before = useBackend(await sharedWasmBackend(2));
    try {
      const shapes = [
        [2, 4, 40, 16],
        [2, 4, 40, 16],
        [2, 4, 40, 16],
      ];
      const f = ([q, k, v]: AnyTensor[]): AnyTensor => scaledDotProductAttention(q!, k!, v!, { isCausal: true }) as AnyTensor;
      const want = run(f, shapes, "float64");
      const got = run(f, shapes, "float32");
      expectNear(got.y, want.y, 1e-5, "output");
      for (const [i, g] of got.grads.entries()) expectNear(g, want.grads[i]!, 1e-5, `gradient ${i}`);
    } finally {
      useBackend(before);
    }
  });
});

describe("scaledDotProductAttention computes the gradients asked for", () => {
  it("only value's when only value requires grad; the mask's when it does", () => {
    const q = randn([2, 3, 4], { seed: 1, dtype: "float64" });
    const k = randn([2, 5, 4], { seed: 2, dtype: "float64" });
    const v = leaf([2, 5, 4], 3);
    scaledDotProductAttention(q, k, v).backward(randn([2, 3, 4], { seed: 4, dtype: "float64" }));
    expect(q.grad).toBeNull();
    expect(k.grad).toBeNull();
    expect(v.grad?.shape).toEqual([2, 5, 4]);
    const m = leaf([3, 5], 5);
    const qg = leaf([2, 3, 4], 6);
    scaledDotProductAttention(qg, k, v, { attnMask: m }).backward(randn([2, 3, 4], { seed: 7, dtype: "float64" }));
    expect(m.grad?.shape).toEqual([3, 5]);
    expect(qg.grad?.shape).toEqual([2, 3, 4]);
  });

  it("a query that sees no key gets 0 and zero gradients (PyTorch since 2.5); the other queries are as without it", () => {
    // query 1 of 3 is forbidden every key; keys' and values' gradients equal those of the other two queries alone
    const [l, s] = [3, 5];
    const openRows = (m: Float64Array): Float64Array => Float64Array.from([...m.subarray(0, s), ...m.subarray(2 * s)]);
    const q = leaf([2, l, 4], 1);
    const [k, v] = [leaf([2, s, 4], 2), leaf([2, s, 3], 3)];
    const maskData = Float64Array.from(randn([l, s], { seed: 4, dtype: "float64" }).data);
    maskData.fill(Number.NEGATIVE_INFINITY, s, 2 * s);
    const mask = randn([l, s], { seed: 4, dtype: "float64", requiresGrad: true }) as AnyTensor;
    mask.data.set(maskData);
    const gy = randn([2, l, 3], { seed: 5, dtype: "float64" }) as AnyTensor;
    const y = scaledDotProductAttention(q, k, v, { attnMask: mask }) as AnyTensor;
    y.backward(gy);
    for (const b of [0, 1]) {
      expect(Array.from(y.data.subarray((b * l + 1) * 3, (b * l + 2) * 3))).toEqual([0, 0, 0]);
      expect(Array.from(q.grad!.data.subarray((b * l + 1) * 4, (b * l + 2) * 4))).toEqual([0, 0, 0, 0]);
    }
    expect(Array.from(mask.grad!.data.subarray(s, 2 * s))).toEqual([0, 0, 0, 0, 0]);

    const rows = (t: Float64Array, width: number): Float64Array =>
      Float64Array.from(
        [0, 1].flatMap((b) => [...t.subarray(b * l * width, (b * l + 1) * width), ...t.subarray((b * l + 2) * width, (b + 1) * l * width)]),
      );
    const q2 = randn([2, l - 1, 4], { seed: 9, dtype: "float64", requiresGrad: true }) as AnyTensor;
    q2.data.set(rows(Float64Array.from(q.data), 4));
    const [k2, v2] = [leaf([2, s, 4], 2), leaf([2, s, 3], 3)];
    const mask2 = randn([l - 1, s], { seed: 9, dtype: "float64", requiresGrad: true }) as AnyTensor;
    mask2.data.set(openRows(maskData));
    const gy2 = randn([2, l - 1, 3], { seed: 9, dtype: "float64" }) as AnyTensor;
    gy2.data.set(rows(Float64Array.from(gy.data), 3));
    const y2 = scaledDotProductAttention(q2, k2, v2, { attnMask: mask2 }) as AnyTensor;
    y2.backward(gy2);
    expectNear(rows(Float64Array.from(y.data), 3), Float64Array.from(y2.data), 1e-12, "the open queries' outputs");
    expectNear(Float64Array.from(k.grad!.data), Float64Array.from(k2.grad!.data), 1e-12, "key's gradient");
    expectNear(Float64Array.from(v.grad!.data), Float64Array.from(v2.grad!.data), 1e-12, "value's gradient");
    expectNear(openRows(Float64Array.from(mask.grad!.data)), Float64Array.from(mask2.grad!.data), 1e-12, "the mask's gradient");
  });

  it("with E = 0 every score is 0: each query gets the mean of V, and V's gradient is gy's column sums over S (as PyTorch)", () => {
    const [l, s, ev] = [3, 4, 5];
    const v = leaf([2, s, ev], 3);
    const y = scaledDotProductAttention(leaf([2, l, 0], 1), leaf([2, s, 0], 2), v) as AnyTensor;
    const gy = randn([2, l, ev], { seed: 4, dtype: "float64" }) as AnyTensor;
    y.backward(gy);
    for (let b = 0; b < 2; b++) {
      for (let c = 0; c < ev; c++) {
        let mean = 0;
        let gySum = 0;
        for (let j = 0; j < s; j++) mean += v.data[(b * s + j) * ev + c]! / s;
        for (let i = 0; i < l; i++) gySum += gy.data[(b * l + i) * ev + c]!;
        for (let i = 0; i < l; i++) expect(y.data[(b * l + i) * ev + c]).toBeCloseTo(mean, 12);
        for (let j = 0; j < s; j++) expect(v.grad!.data[(b * s + j) * ev + c]).toBeCloseTo(gySum / s, 12);
      }
    }
  });

  it("a NaN score still makes its query's row NaN (only rows of all -inf become 0)", () => {
    const mask = dyn([3, 5], "float64");
    mask.data.fill(Number.NEGATIVE_INFINITY, 5, 10);
    mask.data[7] = Number.NaN;
    const y = scaledDotProductAttention(dyn([1, 3, 4], "float64"), dyn([1, 5, 4], "float64"), dyn([1, 5, 2], "float64"), { attnMask: mask });
    expect(Array.from(y.data.subarray(2, 4)).every(Number.isNaN)).toBe(true);
    expect(Array.from(y.data.subarray(0, 2)).some(Number.isNaN)).toBe(false);
  });
});

describe("scaledDotProductAttention's scores buffer (recycled once nothing reads it)", () => {
  it("is kept for a second backward through a retained graph, while other attention runs in between", () => {
    const grads = (twice: boolean): Float64Array[] => {
      const [q, k, v] = [leaf([2, 4, 6, 8], 1), leaf([2, 4, 6, 8], 2), leaf([2, 4, 6, 8], 3)];
      const y = scaledDotProductAttention(q, k, v);
      const gy = randn([2, 4, 6, 8], { seed: 4, dtype: "float64" });
      y.backward(gy, { retainGraph: twice });
      if (twice) {
        // attention of the same size in between: would take the scores buffer if it had been given back
        const [a, b, c] = [leaf([2, 4, 6, 8], 5), leaf([2, 4, 6, 8], 6), leaf([2, 4, 6, 8], 7)];
        scaledDotProductAttention(a, b, c).backward(randn([2, 4, 6, 8], { seed: 8, dtype: "float64" }));
        y.backward(gy);
      }
      return [q, k, v].map((t) => Float64Array.from(t.grad!.data, (g) => (twice ? g / 2 : g)));
    };
    const once = grads(false);
    const twice = grads(true);
    for (const [i, g] of twice.entries()) expectNear(g, once[i]!, 1e-12, `gradient ${i}`);
  });

  it("goes back to the pool after the last backward, and at once when no backward can run", () => {
    const shape = [3, 5, 7, 4];
    const scoresBytes = 3 * 5 * 7 * 7 * 8;
    const [q, k, v] = [leaf(shape, 1), leaf(shape, 2), leaf(shape, 3)];
    const y = scaledDotProductAttention(q, k, v);
    const before = scratchHeldBytes();
    y.backward(randn(shape, { seed: 4, dtype: "float64" }));
    // the scores given back (and dP's buffer, taken from the pool or fresh, given back too)
    expect(scratchHeldBytes() - before).toBeGreaterThanOrEqual(scoresBytes);
    const held = scratchHeldBytes();
    const plain = randn(shape, { seed: 5, dtype: "float64" });
    scaledDotProductAttention(plain, plain, plain); // takes the buffer and gives it back: no graph
    expect(scratchHeldBytes()).toBe(held);
  });
});

describe("scaledDotProductAttention's options are checked", () => {
  const [q, k, v] = [dyn([2, 3, 4]), dyn([2, 5, 4]), dyn([2, 5, 6])];
  it("a mask that does not broadcast to the scores' shape", () => {
    expectThrows(
      () => scaledDotProductAttention(q, k, v, { attnMask: dyn([3, 4]) }),
      ShapeError,
      "scaledDotProductAttention: cannot broadcast axis -1: 5 vs 4",
    );
    expectThrows(
      () => scaledDotProductAttention(q, k, v, { attnMask: dyn([4, 2, 3, 5]) }),
      ShapeError,
      "scaledDotProductAttention: options.attnMask must broadcast to the scores' shape [2, 3, 5], got [4, 2, 3, 5]",
    );
  });
  it("a mask of another dtype, a mask with isCausal, a scale that is not finite", () => {
    expectThrows(
      () => scaledDotProductAttention(q, k, v, { attnMask: dyn([3, 5], "float64") }),
      ShapeError,
      "scaledDotProductAttention: options.attnMask must be float32 like query, got float64",
    );
    expectThrows(
      () => scaledDotProductAttention(q, k, v, { attnMask: dyn([3, 5]), isCausal: true }),
      TypeError,
      "scaledDotProductAttention: give attnMask or isCausal, not both (as PyTorch)",
    );
    expectThrows(
      () => scaledDotProductAttention(q, k, v, { scale: Number.NaN }),
      RangeError,
      "scaledDotProductAttention: scale must be a finite number, got NaN",
    );
  });
});
