/**
 * Large strided results (a Winograd conv's padded rows, a product's padded columns, a data gradient's channels
 * rounded up to four) are made contiguous by the `compactPlanes` kernel before the one block copy out of WebAssembly
 * memory. Each case is large enough to take that path (checked through the backend's trace) and must match the JS
 * backend: a misplaced plane, row or column would be off by whole values.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { matmul } from "../../src/ops/linalg/matmul.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";
import { expectClose } from "../helpers/golden.js";
import { sharedWasmBackend } from "./shared-backends.js";

type AnyTensor = Tensor<number[]>;

interface Case {
  readonly name: string;
  /** The outputs to compare (forward and gradients), computed on the current backend. */
  readonly run: () => readonly (readonly number[] | Float32Array)[];
}

function convCase(name: string, x: number[], w: number[], options: { stride?: number; padding?: number }): Case {
  return {
    name,
    run: () => {
      const xt = randn(x, { seed: 11, requiresGrad: true }) as AnyTensor;
      const wt = randn(w, { seed: 12, requiresGrad: true }) as AnyTensor;
      const y = conv2d(xt, wt, null, options) as AnyTensor;
      y.backward(randn(y.shape, { seed: 13 }) as AnyTensor);
      return [y.data, xt.grad!.data, wt.grad!.data];
    },
  };
}

const cases: Case[] = [
  convCase("3x3 conv, 67x61 image, 16 out channels (Winograd's padded rows)", [2, 6, 67, 61], [16, 6, 3, 3], { padding: 1 }),
  convCase("5x5 conv, 6 input channels (direct kernels: the data gradient's channels rounded up to 8)", [2, 6, 130, 129], [6, 6, 5, 5], {
    padding: 2,
  }),
  {
    name: "(300 x 70) · (70 x 250): columns padded to 256",
    run: () => {
      const a = randn([300, 70], { seed: 14, requiresGrad: true }) as AnyTensor;
      const b = randn([70, 250], { seed: 15, requiresGrad: true }) as AnyTensor;
      const c = matmul(a, b) as AnyTensor;
      c.backward(randn(c.shape, { seed: 16 }) as AnyTensor);
      return [c.data, a.grad!.data, b.grad!.data];
    },
  },
];

function on(backend: KernelBackend, c: Case): readonly (readonly number[] | Float32Array)[] {
  const before = useBackend(backend);
  try {
    return c.run();
  } finally {
    useBackend(before);
  }
}

for (const threads of [1, 2]) {
  describe(`large strided results copied out through compactPlanes, wasm ${threads} thread(s)`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    for (const c of cases) {
      it(c.name, async () => {
        const wasm = await sharedWasmBackend(threads);
        const kernels: string[] = [];
        wasm.trace = (part) => {
          kernels.push(part);
        };
        let got: readonly (readonly number[] | Float32Array)[];
        try {
          got = on(wasm, c);
        } finally {
          wasm.trace = null;
        }
        const want = on(jsBackend, c);
        expect(kernels).toContain("compactPlanes");
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) expectClose(got[i]!, want[i]!, `${c.name}: output ${i}`, 2e-3, 2e-3);
      });
    }
  });
}
