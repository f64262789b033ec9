/**
 * mse on the WebAssembly backend runs its sum and gradient as kernels (`squaredDifferenceSum`, `scaledDifference`):
 * the gradient is the JS loop's bit for bit (mean, sum, and none with an upstream gradient; lengths with a tail and
 * several blocks; 1 and 2 threads), the loss is the same on 1 and 2 threads (fixed blocks) and within float64 rounding
 * of the loop's sum, and a resident prediction is read in place rather than copied out.
 */
import { describe, expect, it } from "vitest";
import { useBackend } from "../../src/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { relu } from "../../src/ops/relu.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";
import { tidy } from "../../src/tensor/tidy.js";
import { mse } from "../../src/train/losses/mse.js";
import type { Reduction } from "../../src/train/losses/common.js";
import { sharedWasmBackend } from "./shared-backends.js";

type AnyTensor = Tensor<readonly number[], "float32">;

const shapes: readonly (readonly number[])[] = [[3, 5], [4099], [3, 4096], [2, 3, 1031]];
const reductions: readonly Reduction[] = ["mean", "sum", "none"];

const bits = (a: ArrayLike<number>): Uint32Array => new Uint32Array(Float32Array.from(a).buffer);

/** mse(pred, target) and pred's gradient (backward(gy) for "none"), with pred a fresh leaf of seed `seed`. */
function lossAndGrad(shape: readonly number[], reduction: Reduction, seed: number): { loss: Float32Array; grad: Float32Array } {
  const pred = randn(shape as number[], { seed, requiresGrad: true }) as unknown as AnyTensor;
  const target = randn(shape as number[], { seed: seed + 1 }) as unknown as AnyTensor;
  const loss = mse(pred, target, { reduction }) as AnyTensor;
  if (reduction === "none") loss.backward(randn(shape as number[], { seed: seed + 2 }) as unknown as AnyTensor);
  else loss.backward();
  return { loss: Float32Array.from(loss.data), grad: Float32Array.from(pred.grad!.data) };
}

/** Runs `fn` with `backend` current, the previous one restored after. */
function on<T>(backend: Parameters<typeof useBackend>[0], fn: () => T): T {
  const previous = useBackend(backend);
  try {
    return fn();
  } finally {
    useBackend(previous);
  }
}

describe("mse's kernels on the wasm backend", () => {
  for (const shape of shapes) {
    for (const reduction of reductions) {
      it(`[${shape.join(", ")}], ${reduction}: the JS loop's gradient bit for bit, the same loss on 1 and 2 threads`, async () => {
        const seed = shape.reduce((a, b) => a * 31 + b, 7);
        const want = on(jsBackend, () => lossAndGrad(shape, reduction, seed));
        const got = await Promise.all([1, 2].map(async (threads) => on(await sharedWasmBackend(threads), () => lossAndGrad(shape, reduction, seed))));
        for (const g of got) expect(bits(g.grad)).toEqual(bits(want.grad));
        expect(bits(got[0]!.loss)).toEqual(bits(got[1]!.loss));
        if (reduction === "none") expect(bits(got[0]!.loss)).toEqual(bits(want.loss));
        else expect(Math.abs(got[0]!.loss[0]! - want.loss[0]!)).toBeLessThanOrEqual(2 ** -23 * Math.abs(want.loss[0]!));
      });
    }
  }

  it("the sum over fixed blocks: within float64 rounding of one pass, NaN and infinity carried", async () => {
    const backend = await sharedWasmBackend(2);
    const squaredDifferenceSum = backend.squaredDifferenceSum?.bind(backend);
    if (squaredDifferenceSum === undefined) throw new Error("the wasm backend has no squaredDifferenceSum");
    const n = 3 * 4096 + 5;
    const p = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3);
    const t = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.7));
    let loop = 0;
    for (let i = 0; i < n; i++) loop += (p[i]! - t[i]!) ** 2;
    const sum = squaredDifferenceSum(p, t);
    expect(Math.abs(sum - loop)).toBeLessThanOrEqual(1e-12 * loop);
    p[n - 2] = Number.NaN;
    expect(squaredDifferenceSum(p, t)).toBeNaN();
    p[n - 2] = Infinity;
    expect(squaredDifferenceSum(p, t)).toBe(Infinity);
  });

  it("reads a resident prediction in place: it stays resident through the loss and its gradient", async () => {
    const backend = await sharedWasmBackend(2);
    on(backend, () =>
      tidy(() => {
        const x = randn([8, 300], { seed: 5, requiresGrad: true });
        const target = randn([8, 300], { seed: 6 });
        const pred = relu(x);
        expect(pred.isResident).toBe(true);
        const loss = mse(pred, target);
        expect(pred.isResident).toBe(true);
        loss.backward();
        expect(pred.isResident).toBe(true);
        expect(x.grad).not.toBeNull();
      }),
    );
  });
});
