import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { bounds } from "../../src/bounds/index.js";
import { createRng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { ops, type T } from "./untyped.js";

interface Layer {
  readonly w: number[][];
  readonly b: number[];
}

/**
 * The exact range of a ReLU network's output over a box, in real arithmetic: for every activation pattern the
 * network is affine on the polytope where that pattern holds (box ∩ one half-space per ReLU), so its extremes are
 * at the polytope's vertices; each vertex is d of the constraints taken as equalities (a d×d solve), kept when it
 * satisfies all of them.
 */
function exactRange(layers: readonly Layer[], lower: readonly number[], upper: readonly number[], out: number): [number, number] {
  const d = lower.length;
  const relus = layers.slice(0, -1).reduce((s, l) => s + l.b.length, 0);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let pattern = 0; pattern < 1 << relus; pattern++) {
    // affine maps x ↦ A x + c through the layers under this pattern; constraints s·(a·x + c) ≥ 0
    const cons: { a: number[]; c: number }[] = [];
    for (let k = 0; k < d; k++) {
      cons.push({ a: Array.from({ length: d }, (_, j): number => (j === k ? 1 : 0)), c: -lower[k]! });
      cons.push({ a: Array.from({ length: d }, (_, j): number => (j === k ? -1 : 0)), c: upper[k]! });
    }
    let A: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
    let c = new Array<number>(d).fill(0);
    let bit = 0;
    layers.forEach((layer, li) => {
      const nA = layer.w.map((row) => Array.from({ length: d }, (_, j) => row.reduce((s, wk, k) => s + wk * A[k]![j]!, 0)));
      const nc = layer.w.map((row, i) => row.reduce((s, wk, k) => s + wk * c[k]!, 0) + layer.b[i]!);
      if (li === layers.length - 1) {
        A = nA;
        c = nc;
        return;
      }
      nA.forEach((row, i) => {
        const active = (pattern >> bit++) & 1;
        const s = active ? 1 : -1;
        cons.push({ a: row.map((v) => s * v), c: s * nc[i]! });
        if (!active) {
          row.fill(0);
          nc[i] = 0;
        }
      });
      A = nA;
      c = nc;
    });
    const f = (x: number[]) => A[out]!.reduce((s, v, j) => s + v * x[j]!, c[out]!);
    const pick = (start: number, chosen: number[]) => {
      if (chosen.length === d) {
        const x = solve(
          chosen.map((i) => cons[i]!.a),
          chosen.map((i) => -cons[i]!.c),
        );
        if (x === null) return;
        const scale = 1 + Math.max(...x.map(Math.abs));
        if (cons.every((k) => k.a.reduce((s, v, j) => s + v * x[j]!, k.c) >= -1e-9 * scale)) {
          const v = f(x);
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        return;
      }
      for (let i = start; i < cons.length; i++) pick(i + 1, [...chosen, i]);
    };
    pick(0, []);
  }
  return [min, max];
}

/** Gaussian elimination with partial pivoting; null when (nearly) singular. */
function solve(M: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = M.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[p]![col]!)) p = r;
    if (Math.abs(a[p]![col]!) < 1e-12) return null;
    [a[col], a[p]] = [a[p]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[r]![k]! -= f * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

function randomNet(seed: number, sizes: readonly number[]): Layer[] {
  const r = createRng(seed);
  return sizes.slice(1).map((n, i) => ({
    w: Array.from({ length: n }, () => Array.from({ length: sizes[i]! }, () => Math.fround(r.normal()))),
    b: Array.from({ length: n }, () => Math.fround(r.normal() * 0.5)),
  }));
}

const tensorOf = (rows: number[][]): T => Tensor.wrap([rows.length, rows[0]!.length] as Shape, "float32", Float32Array.from(rows.flat()));

describe("on tiny ReLU networks, IBP and CROWN contain the exact range (by activation patterns) and CROWN is closer", () => {
  const nets: [string, number[], number][] = [
    ["2 → 12 → 2", [2, 12, 2], 1],
    ["3 → 10 → 2", [3, 10, 2], 2],
    ["2 → 6 → 6 → 1", [2, 6, 6, 1], 3],
    ["3 → 4 → 4 → 1", [3, 4, 4, 1], 4],
  ];
  for (const [name, sizes, seed] of nets) {
    it(name, () => {
      const layers = randomNet(seed, sizes);
      const params = layers.map((l) => ({ w: tensorOf(l.w), b: Tensor.wrap([l.b.length], "float32", Float32Array.from(l.b)) as T }));
      const model = (x: T) => params.reduce((h, p, i) => (i === params.length - 1 ? ops.linear(h, p.w, p.b) : ops.relu(ops.linear(h, p.w, p.b))), x);
      const d = sizes[0]!;
      const r = createRng(seed + 10);
      const center = Array.from({ length: d }, () => Math.fround(r.uniformIn(-0.5, 0.5)));
      const lower = center.map((c) => Math.fround(c - 0.5));
      const upper = center.map((c) => Math.fround(c + 0.5));
      const box = {
        lower: Tensor.wrap([1, d] as Shape, "float32", Float32Array.from(lower)),
        upper: Tensor.wrap([1, d] as Shape, "float32", Float32Array.from(upper)),
      };
      const ibp = bounds(model, box, { method: "ibp" });
      const crown = bounds(model, box, { method: "crown" });
      const outs = sizes[sizes.length - 1]!;
      for (let o = 0; o < outs; o++) {
        const [lo, hi] = exactRange(layers, lower, upper, o);
        // the enumeration is exact: a dense grid never leaves it and comes close to both ends
        let gLo = Number.POSITIVE_INFINITY;
        let gHi = Number.NEGATIVE_INFINITY;
        const steps = d === 2 ? 150 : 30;
        const idx = new Array<number>(d).fill(0);
        for (let k = 0; k < steps ** d; k++) {
          let rest = k;
          for (let j = 0; j < d; j++) {
            idx[j] = rest % steps;
            rest = Math.floor(rest / steps);
          }
          const x = idx.map((t, j) => lower[j]! + ((upper[j]! - lower[j]!) * t) / (steps - 1));
          const v = layers.reduce((h, l, li) => {
            const z = l.w.map((row, i) => row.reduce((s, w, j) => s + w * h[j]!, l.b[i]!));
            return li === layers.length - 1 ? z : z.map((v2) => Math.max(0, v2));
          }, x)[o]!;
          gLo = Math.min(gLo, v);
          gHi = Math.max(gHi, v);
        }
        expect(gLo).toBeGreaterThanOrEqual(lo - 1e-9);
        expect(gHi).toBeLessThanOrEqual(hi + 1e-9);
        expect(hi - lo - (gHi - gLo)).toBeLessThan(0.05 * (hi - lo) + 1e-9);
        // sound and ordered: CROWN ⊆ IBP, both ⊇ the exact range (up to float32 rounding of the model itself)
        const slack = 1e-5 * (1 + Math.abs(lo) + Math.abs(hi));
        expect(ibp.lower.data[o]).toBeLessThanOrEqual(crown.lower.data[o]!);
        expect(crown.lower.data[o]).toBeLessThanOrEqual(lo + slack);
        expect(crown.upper.data[o]).toBeGreaterThanOrEqual(hi - slack);
        expect(crown.upper.data[o]).toBeLessThanOrEqual(ibp.upper.data[o]!);
        const exact = hi - lo;
        console.log(
          `bounds/exact ${name} output ${o}: exact [${lo.toFixed(4)}, ${hi.toFixed(4)}]; ` +
            `IBP width ${(ibp.upper.data[o]! - ibp.lower.data[o]!).toFixed(4)} (x${((ibp.upper.data[o]! - ibp.lower.data[o]!) / exact).toFixed(2)}), ` +
            `CROWN width ${(crown.upper.data[o]! - crown.lower.data[o]!).toFixed(4)} (x${((crown.upper.data[o]! - crown.lower.data[o]!) / exact).toFixed(2)})`,
        );
      }
    });
  }
});
