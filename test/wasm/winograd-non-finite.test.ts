/**
 * Winograd's transforms mix a tile's inputs before the products, so a NaN or an infinity would reach outputs a
 * direct sum never touches, and inputs near float32's range would overflow. The Winograd kernels mark any output
 * that is not finite, and the backend then redoes the call with its direct kernels: with such inputs every Winograd
 * setting gives the direct kernels' results bit for bit (PyTorch's: a NaN only where a sum includes it), for the
 * forward (conv2dRelu's too), the data gradient and the weight gradient, on F(4x4) and F(2x2) tiles. Finite inputs
 * of ordinary size keep the Winograd path (the trace shows no fallback).
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { conv2dRelu } from "../../src/ops/conv2d-relu.js";
import { randn, type Tensor, tensor } from "../../src/tensor/tensor.js";
import type { WasmBackend } from "../../src/wasm/index.js";
import { sharedWasmBackend } from "./shared-backends.js";

type AnyTensor = Tensor<number[]>;

/** x with `poison` written at a few positions (none when null). */
function input(shape: number[], seed: number, poison: number | null): AnyTensor {
  const data = Float32Array.from(randn(shape, { seed }).data);
  if (poison !== null) for (const at of [5, Math.floor(data.length / 2) + 3]) data[at] = poison;
  return tensor(shape, data, { requiresGrad: true }) as AnyTensor;
}

/** Output and gradients (x's, the weight's) as float32 bits, and the fallbacks the trace reported. */
function run(
  backend: WasmBackend,
  side: number,
  xPoison: number | null,
  dyPoison: number | null,
  relu: boolean,
): { bits: Uint32Array[]; fallbacks: number } {
  let fallbacks = 0;
  const trace = backend.trace;
  backend.trace = (part) => {
    if (part.startsWith("winograd met a non-finite value")) fallbacks++;
  };
  const before = useBackend(backend as KernelBackend);
  try {
    const x = input([1, 8, side, side], 1, xPoison);
    const w = randn([8, 8, 3, 3], { seed: 2, requiresGrad: true }) as AnyTensor;
    const y = (relu ? conv2dRelu(x, w, null, { padding: 1 }) : conv2d(x, w, null, { padding: 1 })) as AnyTensor;
    y.backward(input(y.shape, 3, dyPoison));
    return { bits: [y.data, x.grad!.data, w.grad!.data].map((d) => new Uint32Array(Float32Array.from(d).buffer)), fallbacks };
  } finally {
    useBackend(before);
    backend.trace = trace;
  }
}

const poisons: { name: string; x: number | null; dy: number | null; f4Only?: true }[] = [
  { name: "a NaN in x", x: Number.NaN, dy: null },
  { name: "+Infinity in x", x: Number.POSITIVE_INFINITY, dy: null },
  { name: "-Infinity in x", x: Number.NEGATIVE_INFINITY, dy: null },
  // F(2x2)'s transforms add at most 4 inputs: this size overflows F(4x4)'s only
  { name: "x near float32's range (overflows the transforms)", x: 3e37, dy: null, f4Only: true },
  { name: "a NaN in dy", x: null, dy: Number.NaN },
  { name: "+Infinity in dy", x: null, dy: Number.POSITIVE_INFINITY },
];

describe("Winograd with non-finite or huge values gives the direct kernels' results", () => {
  const before = currentBackend();
  afterAll(() => {
    useBackend(before);
  });
  for (const [side, tile] of [
    [20, "F(4x4)"],
    [9, "F(2x2)"],
  ] as const) {
    for (const relu of [false, true]) {
      for (const p of poisons.filter((q) => tile === "F(4x4)" || q.f4Only !== true)) {
        it(`${p.name}, ${tile}${relu ? ", conv2dRelu" : ""}`, async () => {
          const winograd = run(await sharedWasmBackend(2, "always"), side, p.x, p.dy, relu);
          const direct = run(await sharedWasmBackend(2, "never"), side, p.x, p.dy, relu);
          expect(direct.fallbacks).toBe(0);
          expect(winograd.fallbacks).toBeGreaterThan(0);
          // what the poison reaches: from x the forward and the weight gradient, from dy both gradients (the other
          // result runs on finite values and keeps Winograd's rounding)
          const reached = p.x !== null ? [0, 2] : [1, 2];
          for (const i of reached) expect(winograd.bits[i]).toEqual(direct.bits[i]);
        });
      }
      it(`finite inputs keep Winograd, ${tile}${relu ? ", conv2dRelu" : ""}`, async () => {
        const winograd = run(await sharedWasmBackend(2, "always"), side, null, null, relu);
        const direct = run(await sharedWasmBackend(2, "never"), side, null, null, relu);
        expect(winograd.fallbacks).toBe(0);
        // Winograd rounds differently from a direct sum: equal bits would mean it did not run
        expect(winograd.bits[0]).not.toEqual(direct.bits[0]);
      });
    }
  }
});
