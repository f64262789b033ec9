/**
 * The WebAssembly backend's Adam update (`adamF32`: f64 lanes, the JS loop's operations in its order, each moment
 * rounded to float32 as it is stored) against the reference loop (src/kernels/adam-step.ts): p, m and v must be
 * bit for bit the same, on 1 and 2 threads, for lengths around the vector width and the chunking, with Adam's L2
 * decay and AdamW's decoupled decay, and through the optimizer itself.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { type AdamStepConstants, adamStep } from "../../src/kernels/adam-step.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { createRng } from "../../src/random.js";
import { randn } from "../../src/tensor/tensor.js";
import { adam, adamw } from "../../src/train/optimizers/index.js";
import type { WasmBackend } from "../../src/wasm/index.js";
import { sharedWasmBackend } from "./shared-backends.js";

const previous = currentBackend();
afterAll(() => void useBackend(previous));

/** Values over many magnitudes (and zeros, and subnormal float32s), as parameters and gradients meet them. */
function values(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.uniform();
    out[i] = r < 0.05 ? 0 : r < 0.08 ? 1e-40 * rng.normal() : rng.normal() * 10 ** Math.floor(rng.uniform() * 12 - 6);
  }
  return out;
}

function constants(t: number, lr: number, weightDecay: number, decoupled: boolean): AdamStepConstants {
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
  return {
    keep: decoupled ? 1 - lr * weightDecay : 1,
    l2: decoupled ? 0 : weightDecay,
    beta1,
    c1: 1 - beta1,
    beta2,
    c2: 1 - beta2,
    stepScaled: (lr / (1 - beta1 ** t)) * bc2Sqrt,
    epsScaled: eps * bc2Sqrt,
  };
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer.slice(0)));

/** The backend's kernel (every WebAssembly backend has one). */
function kernelOf(be: WasmBackend): NonNullable<WasmBackend["adamStep"]> {
  const step = be.adamStep;
  if (step === undefined) throw new Error(`${be.name} has no adamStep`);
  return step.bind(be);
}

describe.each([1, 2])("adamStep on wasm, %i thread(s)", (threads) => {
  for (const n of [1, 3, 4, 7, 64, 1001, 16_384 + 5]) {
    for (const [decay, decoupled] of [
      [0, false],
      [0.01, false],
      [0.05, true],
    ] as const) {
      it(`${n} elements, weight decay ${decay}${decoupled ? " (decoupled)" : ""}: p, m and v bit for bit the JS loop's, over 3 steps`, async () => {
        const kernel = kernelOf(await sharedWasmBackend(threads));
        const p0 = values(n, 1);
        const [pJ, mJ, vJ] = [p0.slice(), new Float32Array(n), new Float32Array(n)];
        const [pW, mW, vW] = [p0.slice(), new Float32Array(n), new Float32Array(n)];
        for (let t = 1; t <= 3; t++) {
          const g = values(n, 10 + t);
          const k = constants(t, 1e-2, decay, decoupled);
          adamStep(pJ, g, mJ, vJ, k);
          kernel(pW, g, mW, vW, k);
        }
        expect(bits(pW)).toEqual(bits(pJ));
        expect(bits(mW)).toEqual(bits(mJ));
        expect(bits(vW)).toEqual(bits(vJ));
      });
    }
  }

  it("adam and adamw take the kernel for a large parameter and end where they end on the JS backend", async () => {
    const be = await sharedWasmBackend(threads);
    const run = (make: typeof adam | typeof adamw) => {
      const w = randn([150, 130], { seed: 5, requiresGrad: true });
      const opt = make({ w }, { lr: 1e-2, weightDecay: 0.02 });
      for (let t = 0; t < 3; t++) {
        w.grad = randn([150, 130], { seed: 20 + t });
        opt.step();
      }
      return [w.data, opt.state.w.expAvg!, opt.state.w.expAvgSq!].map((a) => Array.from(new Uint32Array(Float32Array.from(a).buffer)));
    };
    for (const make of [adam, adamw]) {
      useBackend(jsBackend);
      const onJs = run(make);
      let calls = 0;
      const kernel = kernelOf(be);
      // the backend itself, its adamStep counted
      const counted: WasmBackend = Object.assign(Object.create(be) as WasmBackend, {
        adamStep: (...a: Parameters<typeof kernel>) => {
          calls++;
          kernel(...a);
        },
      });
      useBackend(counted);
      const onWasm = run(make);
      expect(calls).toBe(3);
      expect(onWasm).toEqual(onJs);
    }
  });
});
