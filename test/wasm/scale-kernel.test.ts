/**
 * `scaleF32` (attention's scale of the scores and of dS on the threads), called on the module directly: y = x · scale
 * with each product taken in f64 and rounded once to f32, the bits of the JS ops' `x[i] * scale` stored into a
 * Float32Array, whatever the split over parts, the length's tail, or a scale float32 cannot hold (1/√48: a kernel
 * multiplying in f32 would round twice and differ).
 */
import { describe, expect, it } from "vitest";
import { kernelsWasmBytes } from "../../src/wasm/index.js";
import { wasmApi } from "../../src/wasm/wasm-api.js";
import { signedRng } from "../kernels/kernel-helpers.js";

function kernel(): { scale: (...a: number[]) => void; memory: { buffer: ArrayBufferLike } } {
  const api = wasmApi()!;
  const memory = new api.Memory({ initial: 16, maximum: 65536, shared: true });
  const instance = new api.Instance(new api.Module(kernelsWasmBytes()), { env: { memory } });
  return { scale: instance.exports["scaleF32"] as (...a: number[]) => void, memory };
}

/** x scaled by the kernel in `nparts` calls (in place when `inPlace`), as float32 bits. */
function run(x: Float32Array, scale: number, nparts: number, inPlace: boolean): Uint32Array {
  const { scale: fn, memory } = kernel();
  const xAt = 1024;
  const yAt = inPlace ? xAt : xAt + x.length * 4 + 64;
  const scaleAt = 64;
  new Float64Array(memory.buffer, scaleAt, 1)[0] = scale;
  const f32 = new Float32Array(memory.buffer);
  f32.set(x, xAt >> 2);
  if (!inPlace) f32.fill(Number.NaN, yAt >> 2, (yAt >> 2) + x.length);
  for (let part = 0; part < nparts; part++) fn(xAt, yAt, x.length, scaleAt, part, nparts);
  return new Uint32Array(f32.slice(yAt >> 2, (yAt >> 2) + x.length).buffer);
}

/** The JS ops' own rounding: the product in f64, stored into a Float32Array. */
function reference(x: Float32Array, scale: number): Uint32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i]! * scale;
  return new Uint32Array(y.buffer);
}

function values(n: number, seed: number): Float32Array {
  const rng = signedRng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng() * 2 ** Math.floor(rng() * 40);
  return x;
}

describe("scaleF32 against the JS ops' x[i] * scale", () => {
  const scales = [1 / Math.sqrt(48), 0.125, 1 / 3, -2.5, 1e-30, 3e38];
  for (const n of [0, 1, 3, 4, 5, 37, 1024, 1031]) {
    it(`n = ${n}: every scale, 1 to 3 parts, in place or not, bit for bit`, () => {
      const x = values(n, n + 1);
      for (const scale of scales) {
        const want = reference(x, scale);
        for (const nparts of [1, 2, 3]) {
          expect(run(x, scale, nparts, false)).toEqual(want);
          expect(run(x, scale, nparts, true)).toEqual(want);
        }
      }
    });
  }

  it("rounds the f64 product once: differs from an f32 multiply where double rounding shows", () => {
    const x = values(4096, 7);
    const scale = 1 / Math.sqrt(48);
    const once = run(x, scale, 2, false);
    const twice = new Uint32Array(x.map((v) => Math.fround(v * Math.fround(scale))).buffer);
    expect(once).toEqual(reference(x, scale));
    expect(once).not.toEqual(twice);
  });

  it("NaN, ±inf, ±0, subnormal results and overflow as the JS ops give them", () => {
    const x = Float32Array.from([Number.NaN, Infinity, -Infinity, 0, -0, 1e-38, -3e-39, 3e38, 1, -1, 2 ** -126, 5e-45]);
    for (const scale of [0.1, -1e10, 1e-10, 0]) expect(run(x, scale, 2, false)).toEqual(reference(x, scale));
  });
});
