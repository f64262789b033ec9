/**
 * The WebAssembly backend's fused conv2d backward (conv2dBackward: dy copied in once for both gradients, and with
 * conv2dRelu its relu gradient taken in WebAssembly memory) against the op's own steps on the same backend
 * (reluBackward, conv2dBackwardData, conv2dBackwardWeight), through the tape and through the explicit conv2dBackward op: the same kernels on the same values, so every gradient
 * must be bit for bit the same. Every kernel path of the data and weight gradients is reached: Winograd F(4x4) and
 * F(2x2) (Winograd "always"), direct stride 1 (Winograd "never", and dilation), strided by GEMM and col2im, strided
 * direct, 1x1.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { conv2d, conv2dBackward, type Conv2dOptions, conv2dReluBackward } from "../../src/ops/conv2d.js";
import { relu as reluOp, reluBackward } from "../../src/ops/relu.js";
import { conv2dRelu } from "../../src/ops/conv2d-relu.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";
import { fusedVariant } from "./fused-variant.js";
import { sharedWasmBackend } from "./shared-backends.js";

type AnyTensor = Tensor<number[]>;

interface Case {
  readonly name: string;
  readonly x: number[];
  readonly w: number[];
  readonly options: Conv2dOptions;
  /** Which of x, weight, bias require grad. */
  readonly wants: readonly [boolean, boolean, boolean];
  readonly bias: boolean;
}

const all = [true, true, true] as const;
const cases: Case[] = [
  { name: "3x3 on 20x20, Winograd F(4x4)", x: [2, 5, 20, 20], w: [6, 5, 3, 3], options: { padding: 1 }, wants: all, bias: true },
  { name: "3x3 on 9x9, Winograd F(2x2)", x: [1, 4, 9, 9], w: [8, 4, 3, 3], options: { padding: 1 }, wants: all, bias: true },
  { name: "5x5 dilated, stride 1", x: [2, 3, 13, 11], w: [4, 3, 5, 5], options: { padding: 3, dilation: 2 }, wants: all, bias: true },
  { name: "2x2 stride 2 (GEMM and col2im)", x: [2, 3, 16, 16], w: [5, 3, 2, 2], options: { stride: 2 }, wants: all, bias: false },
  { name: "3x3 stride 2, odd output (direct)", x: [1, 3, 11, 9], w: [4, 3, 3, 3], options: { stride: 2, padding: 1 }, wants: all, bias: true },
  { name: "1x1", x: [3, 6, 7, 5], w: [2, 6, 1, 1], options: {}, wants: all, bias: true },
  { name: "only the input's gradient", x: [1, 4, 17, 17], w: [4, 4, 3, 3], options: { padding: 1 }, wants: [true, false, false], bias: true },
  { name: "only the weight's gradient", x: [1, 4, 17, 17], w: [4, 4, 3, 3], options: { padding: 1 }, wants: [false, true, true], bias: true },
];

/** Every gradient asked for, as float32 bits, after conv (or conv + relu) and a seeded upstream gradient. */
function gradients(backend: KernelBackend, c: Case, relu: boolean): Uint32Array[] {
  const before = useBackend(backend);
  try {
    const x = randn(c.x, { seed: 1, requiresGrad: c.wants[0] }) as AnyTensor;
    const w = randn(c.w, { seed: 2, requiresGrad: c.wants[1] }) as AnyTensor;
    const b = c.bias ? (randn([c.w[0]!], { seed: 3, requiresGrad: c.wants[2] }) as AnyTensor) : null;
    const y = (relu ? conv2dRelu(x, w, b, c.options) : conv2d(x, w, b, c.options)) as AnyTensor;
    y.backward(randn(y.shape, { seed: 4 }) as AnyTensor);
    const grads = [x, w, b].filter((t): t is AnyTensor => t !== null && t.grad !== null).map((t) => t.grad!.data);
    return [y.data, ...grads].map((d) => new Uint32Array(Float32Array.from(d).buffer));
  } finally {
    useBackend(before);
  }
}

/**
 * The explicit ops' gradients (dBias when the case has a bias), as float32 bits: conv2dBackward, or with `relu`
 * conv2dReluBackward, or (`relu` "written") conv2dBackward of reluBackward, which it must equal.
 */
function explicitGradients(backend: KernelBackend, c: Case, relu: false | "fused" | "written" = false): Uint32Array[] {
  const before = useBackend(backend);
  try {
    const x = randn(c.x, { seed: 1 }) as AnyTensor;
    const w = randn(c.w, { seed: 2 }) as AnyTensor;
    const y = reluOp(conv2d(x, w, null, c.options) as AnyTensor) as AnyTensor;
    const dy = randn(y.shape, { seed: 4 }) as AnyTensor;
    const g =
      relu === "fused"
        ? conv2dReluBackward(x, w, y, dy, c.options)
        : conv2dBackward(x, w, relu === "written" ? (reluBackward(dy, y) as AnyTensor) : dy, c.options, { bias: relu === false ? c.bias : true });
    return [g.dx, g.dWeight, g.dBias].filter((t) => t !== null).map((t) => new Uint32Array(Float32Array.from(t.data).buffer));
  } finally {
    useBackend(before);
  }
}

for (const [threads, winograd] of [
  [1, "always"],
  [2, "always"],
  [2, "never"],
] as const) {
  describe(`fused conv2d backward on wasm ${threads} thread(s), Winograd ${winograd}, is the op's own steps, bit for bit`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    for (const c of cases) {
      for (const relu of [false, true]) {
        it(`${c.name}${relu ? ", conv2dRelu" : ""}`, async () => {
          const wasm = await sharedWasmBackend(threads, winograd);
          const names = ["conv2dBackward"] as const;
          const counted = fusedVariant(wasm, names, false);
          const fused = gradients(counted.backend, c, relu);
          const own = gradients(fusedVariant(wasm, names, true).backend, c, relu);
          expect(counted.fused.conv2dBackward).toBe(1);
          expect(fused.length).toBe(1 + c.wants.filter((want, i) => want && (i < 2 || c.bias)).length);
          for (let i = 0; i < own.length; i++) expect(fused[i]).toEqual(own[i]);
        });
      }
      it(`${c.name}, the explicit conv2dBackward`, async () => {
        const wasm = await sharedWasmBackend(threads, winograd);
        const names = ["conv2dBackward"] as const;
        const counted = fusedVariant(wasm, names, false);
        const fused = explicitGradients(counted.backend, c);
        const own = explicitGradients(fusedVariant(wasm, names, true).backend, c);
        expect(counted.fused.conv2dBackward).toBe(1);
        expect(fused.length).toBe(c.bias ? 3 : 2);
        for (let i = 0; i < own.length; i++) expect(fused[i]).toEqual(own[i]);
      });
      it(`${c.name}, conv2dReluBackward is conv2dBackward of reluBackward`, async () => {
        const wasm = await sharedWasmBackend(threads, winograd);
        const names = ["conv2dBackward"] as const;
        const counted = fusedVariant(wasm, names, false);
        const fused = explicitGradients(counted.backend, c, "fused");
        const ownSteps = explicitGradients(fusedVariant(wasm, names, true).backend, c, "fused");
        const written = explicitGradients(fusedVariant(wasm, names, true).backend, c, "written");
        expect(counted.fused.conv2dBackward).toBe(1);
        for (const other of [ownSteps, written]) {
          expect(other.length).toBe(fused.length);
          for (let i = 0; i < fused.length; i++) expect(fused[i]).toEqual(other[i]);
        }
      });
    }
  });
}
