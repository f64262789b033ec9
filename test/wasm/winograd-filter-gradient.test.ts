/**
 * `winoDwOut4`, the last step of F(4x4, 3x3)'s weight gradient (dw[o][c] = Gᵀ dU[.][o][c] G, in float64, two
 * channels per f64x2), called on the module directly: against the same product in JS float64, whatever the split
 * over parts, with dU's positions a cache line apart more than its rows (`winoDUPosBytes`). With C odd, dU has a
 * padding column (C2 = C + 1) that `winoDw` fills with whatever follows V: it is neither stored nor checked, so a NaN
 * there keeps the Winograd path, while a NaN in a real column sets the non-finite flag.
 */
import { describe, expect, it } from "vitest";
import { F4 } from "../../src/bounds/conv-rounding.js";
import { kernelsWasmBytes } from "../../src/wasm/index.js";
import { wasmApi } from "../../src/wasm/wasm-api.js";
import { signedRng } from "../kernels/kernel-helpers.js";

/** F(4x4)'s G (6 x 3): the bounds module's description of the algorithm the kernels run. */
const G = F4.G;

function kernels(): { fn: (...a: number[]) => void; f32: Float32Array; i32: Int32Array } {
  const api = wasmApi()!;
  const memory = new api.Memory({ initial: 64, maximum: 65536, shared: true });
  const instance = new api.Instance(new api.Module(kernelsWasmBytes()), { env: { memory } });
  return { fn: instance.exports["winoDwOut4"] as (...a: number[]) => void, f32: new Float32Array(memory.buffer), i32: new Int32Array(memory.buffer) };
}

interface Layout {
  readonly O: number;
  readonly C: number;
  readonly O4: number;
  readonly C2: number;
  /** float32s between positions of dU */
  readonly posFloats: number;
}

function layout(O: number, C: number): Layout {
  const O4 = Math.ceil(O / 4);
  const C2 = C + (C & 1);
  return { O, C, O4, C2, posFloats: O4 * 4 * C2 + 16 };
}

/** Gᵀ d G in float64 for the 6x6 d of pair (o, c), rounded to float32: dw's 9 values. */
function reference(dU: Float32Array, l: Layout, o: number, c: number): number[] {
  const d = (i: number, k: number): number => dU[(6 * i + k) * l.posFloats + o * l.C2 + c]!;
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < 6; i++) for (let k = 0; k < 6; k++) s += G[i]![r]! * d(i, k) * G[k]![j]!;
      out.push(Math.fround(s));
    }
  }
  return out;
}

/** Runs winoDwOut4 over dU in `nparts` calls; returns dw and the flag. */
function run(dU: Float32Array, l: Layout, nparts: number): { dw: Float32Array; flag: number } {
  const { fn, f32, i32 } = kernels();
  const dUAt = 1024;
  const dwAt = dUAt + dU.length * 4 + 64;
  const flagAt = dwAt + l.O * l.C * 9 * 4 + 64;
  f32.set(dU, dUAt >> 2);
  f32.fill(Number.NaN, dwAt >> 2, (dwAt >> 2) + l.O * l.C * 9);
  i32[flagAt >> 2] = 0;
  for (let part = 0; part < nparts; part++) fn(dUAt, dwAt, l.O, l.O4, l.C, l.C2, flagAt, part, nparts);
  return { dw: f32.slice(dwAt >> 2, (dwAt >> 2) + l.O * l.C * 9), flag: i32[flagAt >> 2]! };
}

function randomDU(l: Layout, seed: number): Float32Array {
  const next = signedRng(seed);
  return Float32Array.from({ length: 36 * l.posFloats }, () => next() * 8);
}

describe("winoDwOut4 (F(4x4)'s filter-gradient transform)", () => {
  for (const [O, C] of [
    [5, 7],
    [8, 3],
    [4, 1],
    [12, 10],
  ] as const) {
    it(`${O} x ${C} channels: Gᵀ dU G of every pair, on 1 to 3 parts`, () => {
      const l = layout(O, C);
      const dU = randomDU(l, 7 * O + C);
      for (const nparts of [1, 2, 3]) {
        const { dw, flag } = run(dU, l, nparts);
        expect(flag).toBe(0);
        for (let o = 0; o < O; o++) {
          for (let c = 0; c < C; c++) {
            const want = reference(dU, l, o, c);
            const got = Array.from(dw.subarray((o * C + c) * 9, (o * C + c + 1) * 9));
            for (let k = 0; k < 9; k++) {
              const bound = 1e-6 * (1 + Math.abs(want[k]!));
              expect(Math.abs(got[k]! - want[k]!), `(${o}, ${c})[${k}] on ${nparts} parts`).toBeLessThanOrEqual(bound);
            }
          }
        }
      }
    });
  }

  it("C odd: a NaN in dU's padding column is neither stored nor flagged; one in a real column is flagged", () => {
    const l = layout(5, 7);
    const clean = randomDU(l, 3);
    const poisoned = (column: number): Float32Array => {
      const dU = clean.slice();
      for (let pos = 0; pos < 36; pos++) for (let o = 0; o < l.O; o++) dU[pos * l.posFloats + o * l.C2 + column] = Number.NaN;
      return dU;
    };
    const padding = run(poisoned(l.C), l, 2);
    expect(padding.flag).toBe(0);
    expect(Array.from(padding.dw)).toEqual(Array.from(run(clean, l, 2).dw));
    expect(run(poisoned(l.C - 1), l, 2).flag).toBe(1);
    expect(run(poisoned(0), l, 1).flag).toBe(1);
  });
});
