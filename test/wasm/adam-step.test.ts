/**
 * The WebAssembly backend's Adam update (`adamF32`: f32 lanes, the reference loop's float32 operations in its order,
 * each rounded once) against the reference loop (src/kernels/adam-step.ts): p, m and v must be
 * bit for bit the same, on 1 and 2 threads, for lengths around the vector width and the chunking, with Adam's L2
 * decay and AdamW's decoupled decay, and through the optimizer itself.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { type AdamStepConstants, adamStep } from "../../src/kernels/adam-step.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { createRng } from "../../src/random.js";
import { randn } from "../../src/tensor/tensor.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import type { ArrayFor } from "../../src/tensor/tensor.js";
import { adam, adamw } from "../../src/train/optimizers/index.js";
import type { AdamParamState } from "../../src/train/optimizers/adam.js";
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

describe.each([1, 2])("adam's moments on wasm, %i thread(s)", (threads) => {
  type Resident = WasmBackend & { readonly residentBlocks: number };
  const shape = [150, 130] as const;
  const bitsOf = (a: ArrayLike<number>): number[] => Array.from(new Uint32Array(Float32Array.from(a).buffer));
  /** `steps` Adam steps of one parameter on `backends[t]` for step t (the same seeds everywhere). */
  function train(backends: readonly KernelBackend[], after?: (t: number, state: AdamParamState) => void) {
    const w = randn(shape, { seed: 5, requiresGrad: true });
    const opt = adam({ w }, { lr: 1e-2 });
    backends.forEach((be, t) => {
      useBackend(be);
      w.grad = randn(shape, { seed: 20 + t });
      opt.step();
      after?.(t, opt.state.w);
    });
    return { w, state: opt.state.w };
  }

  it("stay in WebAssembly memory between steps: each step copies in only the parameter and its gradient", async () => {
    const be = (await sharedWasmBackend(threads)) as Resident;
    const blocks = be.residentBlocks;
    const copiesIn: number[] = [];
    const seen: number[] = [];
    const { w, state } = train([be, be, be], () => {
      seen.push(be.residentBlocks - blocks);
    });
    // the step's copies, traced on a fourth step
    useBackend(be);
    w.grad = randn(shape, { seed: 99 });
    be.trace = (part) => void (part === "copy in" && copiesIn.push(1));
    try {
      adam({ w }, { lr: 1e-2 }).step(); // a fresh optimizer: its moments start in blocks too
    } finally {
      be.trace = null;
    }
    expect(seen).toEqual([2, 2, 2]);
    expect(copiesIn.length).toBe(2);
    const onJs = train([jsBackend, jsBackend, jsBackend]);
    expect(bitsOf(state.expAvg!)).toEqual(bitsOf(onJs.state.expAvg!));
    expect(bitsOf(state.expAvgSq!)).toEqual(bitsOf(onJs.state.expAvgSq!));
    expect(be.residentBlocks - blocks).toBe(2); // the fourth step's optimizer's, until it is collected
  });

  it("read mid-training, are the optimizer's own arrays from then on, and training ends where the JS backend's ends", async () => {
    const be = (await sharedWasmBackend(threads)) as Resident;
    let heldM: ArrayFor<"float32"> | null = null;
    let afterRead = -1;
    const blocks = be.residentBlocks;
    const mid = train([be, be, be, be], (t, st) => {
      if (t !== 1) return;
      heldM = st.expAvg as ArrayFor<"float32">;
      afterRead = be.residentBlocks - blocks;
    });
    expect(afterRead).toBe(1); // m copied out and its block freed; v still in its block
    expect(mid.state.expAvg).toBe(heldM); // the same array, written by the steps after
    const onJs = train([jsBackend, jsBackend, jsBackend, jsBackend]);
    expect(bitsOf(mid.w.data)).toEqual(bitsOf(onJs.w.data));
    expect(bitsOf(mid.state.expAvg!)).toEqual(bitsOf(onJs.state.expAvg!));
    expect(bitsOf(mid.state.expAvgSq!)).toEqual(bitsOf(onJs.state.expAvgSq!));
  });

  it("a moment JS writes is what the next step reads, as on the JS backend", async () => {
    const be = (await sharedWasmBackend(threads)) as Resident;
    const halve = (t: number, st: AdamParamState): void => {
      if (t === 0) for (const a of [st.expAvg!, st.expAvgSq!]) for (let i = 0; i < a.length; i++) a[i] = a[i]! / 2;
    };
    const onWasm = train([be, be, be], halve);
    const onJs = train([jsBackend, jsBackend, jsBackend], halve);
    expect(bitsOf(onWasm.w.data)).toEqual(bitsOf(onJs.w.data));
    expect(bitsOf(onWasm.state.expAvgSq!)).toEqual(bitsOf(onJs.state.expAvgSq!));
  });

  it("carry over when training moves to the JS backend, their blocks given back", async () => {
    const be = (await sharedWasmBackend(threads)) as Resident;
    const blocks = be.residentBlocks;
    const moved = train([be, be, jsBackend]);
    expect(be.residentBlocks).toBe(blocks);
    const onJs = train([jsBackend, jsBackend, jsBackend]);
    expect(bitsOf(moved.w.data)).toEqual(bitsOf(onJs.w.data));
    expect(bitsOf(moved.state.expAvg!)).toEqual(bitsOf(onJs.state.expAvg!));
  });
});
