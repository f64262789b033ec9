/**
 * The WebAssembly backend's fused linear backward (linearBackward: gy copied in once for both products, linearRelu's
 * mask taken in WebAssembly memory, the bias's gradient summed where g lies) against the op's own steps on the same
 * backend (reluBackward, two matmuls, sumTo): the same kernels and the same summation order, so every gradient must
 * be bit for bit the same.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { linear, linearRelu } from "../../src/ops/linalg/linear.js";
import { randn, Tensor } from "../../src/tensor/tensor.js";
import { fusedVariant } from "./fused-variant.js";
import { sharedWasmBackend } from "./shared-backends.js";

type AnyTensor = Tensor<number[]>;

interface Case {
  readonly name: string;
  readonly x: number[];
  readonly outF: number;
  readonly bias: boolean;
  /** Which of x, weight, bias require grad. */
  readonly wants: readonly [boolean, boolean, boolean];
}

const cases: Case[] = [
  { name: "(2, 9, 13) -> 7, rows and sizes off the tiles", x: [2, 9, 13], outF: 7, bias: true, wants: [true, true, true] },
  { name: "(64, 32) -> 48", x: [64, 32], outF: 48, bias: true, wants: [true, true, true] },
  { name: "a 1-D x", x: [11], outF: 5, bias: true, wants: [true, true, true] },
  { name: "no bias", x: [6, 10], outF: 3, bias: false, wants: [true, true, false] },
  { name: "only the input's gradient", x: [5, 8], outF: 16, bias: true, wants: [true, false, false] },
  { name: "only the weight's and the bias's", x: [5, 8], outF: 16, bias: true, wants: [false, true, true] },
  { name: "only the bias's (rows not a multiple of 4)", x: [7, 8], outF: 5, bias: true, wants: [false, false, true] },
];

/**
 * An upstream gradient whose column sums depend on the order of summation even in float64: rows of ±2^60 between
 * rows of ordinary sizes, so a bias gradient summed in another order (other groupings of rows) differs in float32.
 */
function cancellingGy(shape: readonly number[]): AnyTensor {
  const n = shape[shape.length - 1]!;
  const small = randn(shape, { seed: 5 }).data;
  const data = Float32Array.from(small, (v, i) => {
    const row = Math.floor(i / n);
    return row % 3 === 0 ? (row % 2 === 0 ? 2 ** 60 : -(2 ** 60)) + v : v * (1 + (i % n));
  });
  return Tensor.wrap([...shape], "float32", data) as AnyTensor;
}

/** The output and every gradient asked for, as float32 bits. */
function gradients(backend: KernelBackend, c: Case, relu: boolean, gy?: (shape: readonly number[]) => AnyTensor): Uint32Array[] {
  const before = useBackend(backend);
  try {
    const inF = c.x[c.x.length - 1]!;
    const x = randn(c.x, { seed: 1, requiresGrad: c.wants[0] }) as AnyTensor;
    const w = randn([c.outF, inF], { seed: 2, requiresGrad: c.wants[1] }) as AnyTensor;
    const b = c.bias ? (randn([c.outF], { seed: 3, requiresGrad: c.wants[2] }) as AnyTensor) : null;
    const y = (relu ? linearRelu(x, w, b) : linear(x, w, b)) as AnyTensor;
    y.backward(gy === undefined ? (randn(y.shape, { seed: 4 }) as AnyTensor) : gy(y.shape));
    const grads = [x, w, b].filter((t): t is AnyTensor => t !== null && t.grad !== null).map((t) => t.grad!.data);
    return [y.data, ...grads].map((d) => new Uint32Array(Float32Array.from(d).buffer));
  } finally {
    useBackend(before);
  }
}

for (const threads of [1, 2]) {
  describe(`fused linear backward on wasm ${threads} thread(s) is the op's own steps, bit for bit`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    for (const c of cases) {
      for (const relu of [false, true]) {
        it(`${c.name}${relu ? ", linearRelu" : ""}`, async () => {
          const wasm = await sharedWasmBackend(threads);
          const names = ["linearBackward"] as const;
          const counted = fusedVariant(wasm, names, false);
          const fused = gradients(counted.backend, c, relu);
          const own = gradients(fusedVariant(wasm, names, true).backend, c, relu);
          expect(counted.fused.linearBackward).toBe(1);
          expect(fused.length).toBe(1 + c.wants.filter((want, i) => want && (i < 2 || c.bias)).length);
          for (let i = 0; i < own.length; i++) expect(fused[i]).toEqual(own[i]);
        });
      }
    }
    // 43 columns: groups of four one at a time; 301: walks of sixteen columns in every part, then the groups left
    for (const outF of [43, 301]) {
      it(`a bias gradient whose float64 sum depends on the order, rows and columns off the groups (${outF} outputs)`, async () => {
        const wasm = await sharedWasmBackend(threads);
        const c: Case = { name: "cancelling", x: [131, 6], outF, bias: true, wants: [false, false, true] };
        const counted = fusedVariant(wasm, ["linearBackward"] as const, false);
        const fused = gradients(counted.backend, c, false, cancellingGy);
        const own = gradients(fusedVariant(wasm, ["linearBackward"] as const, true).backend, c, false, cancellingGy);
        expect(counted.fused.linearBackward).toBe(1);
        expect(fused[1]).toEqual(own[1]);
      });
    }
  });
}
