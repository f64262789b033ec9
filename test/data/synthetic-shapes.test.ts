import { describe, expect, it } from "vitest";
import { syntheticShapes } from "../../src/data/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";

describe("syntheticShapes", () => {
  const set = syntheticShapes({ n: 64, height: 32, width: 40, seed: 42 });
  const plane = 32 * 40;

  it("has (N, 1, H, W) float32 images and masks", () => {
    const images: Tensor<[64, 1, 32, 40]> = set.images;
    expect(images.shape).toEqual([64, 1, 32, 40]);
    expect(set.masks.shape).toEqual([64, 1, 32, 40]);
    expect(set.images.data).toBeInstanceOf(Float32Array);
    expect(set.masks.data).toBeInstanceOf(Float32Array);
  });
  it("is deterministic per seed and differs across seeds", () => {
    const again = syntheticShapes({ n: 64, height: 32, width: 40, seed: 42 });
    expect(sameValues(again.images.data, set.images.data)).toBe(true);
    expect(sameValues(again.masks.data, set.masks.data)).toBe(true);
    const other = syntheticShapes({ n: 64, height: 32, width: 40, seed: 43 });
    expect(sameValues(other.masks.data, set.masks.data)).toBe(false);
    expect(sameValues(other.images.data, set.images.data)).toBe(false);
  });
  it("masks are binary and images lie in [0, 1]", () => {
    expect(set.masks.data.filter((v) => v !== 0 && v !== 1)).toHaveLength(0);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of set.images.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
  });
  it("shapes are present in (almost) every image and the foreground fraction is sane", () => {
    const fractions = Array.from({ length: 64 }, (_, i) => set.masks.data.subarray(i * plane, (i + 1) * plane).reduce((a, b) => a + b, 0) / plane);
    const withShapes = fractions.filter((f) => f > 0.005).length;
    expect(withShapes).toBeGreaterThanOrEqual(60);
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    expect(mean).toBeGreaterThan(0.05);
    expect(mean).toBeLessThan(0.5);
    expect(Math.max(...fractions)).toBeLessThan(0.95);
  });
  it("foreground is brighter on average, but a global threshold cannot separate it", () => {
    let fg = 0;
    let bg = 0;
    let nf = 0;
    let nb = 0;
    for (let i = 0; i < set.images.data.length; i++) {
      if (set.masks.data[i] === 1) {
        fg += set.images.data[i]!;
        nf++;
      } else {
        bg += set.images.data[i]!;
        nb++;
      }
    }
    expect(fg / nf - bg / nb).toBeGreaterThan(0.15);
    // Best single threshold over the whole set still mislabels a noticeable share of pixels.
    let best = 0;
    for (let th = 0; th <= 1; th += 0.01) {
      let right = 0;
      for (let i = 0; i < set.images.data.length; i++) if (set.images.data[i]! > th === (set.masks.data[i] === 1)) right++;
      best = Math.max(best, right / set.images.data.length);
    }
    expect(best).toBeLessThan(0.97);
    expect(best).toBeGreaterThan(0.7);
  });
  it("without distractors or noise, the shapes are exactly the brighter-than-background pixels", () => {
    const clean = syntheticShapes({ n: 4, height: 16, width: 16, seed: 1, noise: 0, distractors: false });
    for (let i = 0; i < 4; i++) {
      const img = clean.images.data.subarray(i * 256, (i + 1) * 256);
      const mask = clean.masks.data.subarray(i * 256, (i + 1) * 256);
      const bgLevels = new Set<number>();
      img.forEach((v, k) => {
        if (mask[k] === 0) bgLevels.add(v);
      });
      expect(bgLevels.size).toBe(1);
      const bgLevel = [...bgLevels][0]!;
      expect(img.filter((v, k) => (mask[k] === 1) !== v > bgLevel + 0.1)).toHaveLength(0);
      expect(mask.some((v) => v === 1)).toBe(true);
    }
  });
  it("rejects bad options", () => {
    expect(() => syntheticShapes({ n: 2, height: -1, width: 4, seed: 0 })).toThrow(/dim 2 must be a natural number/);
    expect(() => syntheticShapes({ n: 2, height: 4, width: 4, seed: 0, minShapes: 3, maxShapes: 2 })).toThrow(/minShapes ≤ maxShapes/);
  });
});

/** Exact equality of two float arrays (a plain loop: vitest's deep equality is slow on 80k elements). */
function sameValues(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
