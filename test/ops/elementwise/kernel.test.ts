/**
 * The shared broadcast walker against a naive reference (every output index mapped to each input's index one at
 * a time), on random shapes of rank 0 to 4 with size-1, missing and empty axes, for one, two and three inputs.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random.js";
import { broadcastShapes } from "../../../src/shape/broadcast.js";
import { broadcastRows } from "../../../src/ops/elementwise/kernel.js";

/** For each output element, the flat index into an input of shape `s`, computed the slow way. */
function naiveIndices(out: number[], s: number[]): number[] {
  const size = out.reduce((a, b) => a * b, 1);
  const result: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    const index = new Array<number>(out.length);
    for (let d = out.length - 1; d >= 0; d--) {
      index[d] = rest % out[d]!;
      rest = Math.floor(rest / out[d]!);
    }
    let at = 0;
    for (let k = 0; k < s.length; k++) {
      const d = out.length - s.length + k;
      at = at * s[k]! + (s[k] === 1 ? 0 : index[d]!);
    }
    result.push(at);
  }
  return result;
}

function walked(out: number[], shapes: number[][]): number[][] {
  const size = out.reduce((a, b) => a * b, 1);
  const seen = shapes.map(() => new Array<number>(size).fill(-1));
  broadcastRows(out, shapes[0]!, shapes[1] ?? null, shapes[2] ?? null, (o, n, i0, s0, i1, s1, i2, s2) => {
    for (let j = 0; j < n; j++) {
      seen[0]![o + j] = i0 + j * s0;
      if (shapes.length > 1) seen[1]![o + j] = i1 + j * s1;
      if (shapes.length > 2) seen[2]![o + j] = i2 + j * s2;
    }
  });
  return seen;
}

describe("broadcastRows", () => {
  const rng = createRng(2024);
  const randomShapeUnder = (out: number[]): number[] => {
    const rank = rng.int(out.length + 1);
    return out.slice(out.length - rank).map((d) => (rng.uniform() < 0.4 ? 1 : d));
  };
  for (let trial = 0; trial < 200; trial++) {
    const rank = rng.int(5);
    const out = Array.from({ length: rank }, () => (rng.uniform() < 0.05 ? 0 : 1 + rng.int(4)));
    const count = 1 + rng.int(3);
    const shapes = Array.from({ length: count }, () => randomShapeUnder(out));
    it(`out [${out}] from ${shapes.map((s) => `[${s}]`).join(", ")}`, () => {
      for (const s of shapes) expect(broadcastShapes("test", out, s)).toEqual(out);
      const got = walked(out, shapes);
      shapes.forEach((s, k) => {
        expect(got[k]).toEqual(naiveIndices(out, s));
      });
    });
  }
});
