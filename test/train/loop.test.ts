import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random.js";
import { tensor } from "../../src/tensor/tensor.js";
import { batchCount, batches, epochSeed, permutation, shuffleInPlace, takeRows } from "../../src/train/index.js";

describe("seeded shuffling", () => {
  it("permutation is a permutation, and the same for the same seed", () => {
    const p = permutation(100, 7);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation(100, 7)).toEqual(p);
    expect(permutation(100, 8)).not.toEqual(p);
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
  it("shuffleInPlace is Fisher–Yates: swaps position i with rng.int(i + 1), from the end", () => {
    const items = ["a", "b", "c", "d", "e"];
    const rng = createRng(3);
    const ref = createRng(3);
    const want = ["a", "b", "c", "d", "e"];
    for (let i = 4; i > 0; i--) {
      const j = ref.int(i + 1);
      [want[i], want[j]] = [want[j]!, want[i]!];
    }
    expect(shuffleInPlace(items, rng)).toBe(items);
    expect(items).toEqual(want);
  });
  it("every position is roughly uniform (chi-square-ish sanity)", () => {
    const counts = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    for (let s = 0; s < 4000; s++)
      permutation(4, s).forEach((v, pos) => {
        counts[v]![pos]!++;
      });
    for (const row of counts) for (const c of row) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
});

describe("batches", () => {
  it("covers every index once per epoch, in order without a seed", () => {
    expect([...batches(7, 3)]).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect([...batches(7, 3, { dropLast: true })]).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect([...batches(0, 3)]).toEqual([]);
    expect(batchCount(7, 3)).toBe(3);
    expect(batchCount(7, 3, true)).toBe(2);
  });
  it("shuffles reproducibly per (seed, epoch)", () => {
    const e0 = [...batches(50, 8, { seed: 1, epoch: 0 })];
    expect(e0).toHaveLength(7);
    expect(e0.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...batches(50, 8, { seed: 1, epoch: 0 })]).toEqual(e0);
    expect([...batches(50, 8, { seed: 1 })]).toEqual(e0);
    const e1 = [...batches(50, 8, { seed: 1, epoch: 1 })];
    expect(e1.flat()).not.toEqual(e0.flat());
    expect([...batches(50, 8, { seed: 2, epoch: 0 })].flat()).not.toEqual(e0.flat());
    const dropped = [...batches(50, 8, { seed: 1, epoch: 0, dropLast: true })];
    expect(dropped).toEqual(e0.slice(0, 6));
  });
  it("epochSeed separates epochs and seeds", () => {
    const seen = new Set<number>();
    for (let s = 0; s < 20; s++) for (let e = 0; e < 20; e++) seen.add(epochSeed(s, e));
    expect(seen.size).toBe(400);
  });
  it("rejects bad sizes", () => {
    expect(() => [...batches(10, 0)]).toThrow(/batchSize must be an integer ≥ 1, got 0/);
    expect(() => [...batches(-1, 2)]).toThrow(/n must be an integer ≥ 0, got -1/);
  });
});

describe("takeRows", () => {
  it("gathers items along the leading axis", () => {
    const t = tensor([4, 1, 2], [0, 1, 10, 11, 20, 21, 30, 31]);
    const b = takeRows(t, [3, 0]);
    expect(b.shape).toEqual([2, 1, 2]);
    expect(Array.from(b.data)).toEqual([30, 31, 0, 1]);
    expect(b.dtype).toBe("float32");
    expect(() => takeRows(t, [4])).toThrow(/takeRows: index 4 out of range for 4 rows/);
  });
});
