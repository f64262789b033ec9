import { describe, expect, it } from "vitest";
import { cosineLr } from "../../src/train/index.js";

describe("cosineLr", () => {
  it("warms up linearly, peaks at lr, follows the half cosine and ends at minLr", () => {
    const o = { lr: 0.1, total: 12, warmup: 2, minLr: 0.01 };
    expect(cosineLr(0, o)).toBeCloseTo(0.05, 12);
    expect(cosineLr(1, o)).toBeCloseTo(0.1, 12);
    expect(cosineLr(2, o)).toBeCloseTo(0.1, 12);
    // halfway through the decay (step 7 of 2..12): cos(π/2) = 0 → the mean of lr and minLr
    expect(cosineLr(7, o)).toBeCloseTo(0.055, 12);
    expect(cosineLr(12, o)).toBe(0.01);
    expect(cosineLr(100, o)).toBe(0.01);
    for (let s = 2; s < 12; s++) expect(cosineLr(s + 1, o)).toBeLessThan(cosineLr(s, o));
  });

  it("without warm-up starts at lr and decays to 0 by default", () => {
    expect(cosineLr(0, { lr: 1, total: 4 })).toBe(1);
    expect(cosineLr(2, { lr: 1, total: 4 })).toBeCloseTo(0.5, 12);
    expect(cosineLr(4, { lr: 1, total: 4 })).toBe(0);
  });

  it("rejects bad arguments with the name and the value", () => {
    expect(() => cosineLr(-1, { lr: 1, total: 4 })).toThrow("cosineLr: step must be an integer ≥ 0, got -1");
    expect(() => cosineLr(0, { lr: 1, total: 0 })).toThrow("cosineLr: total must be an integer ≥ 1, got 0");
    expect(() => cosineLr(0, { lr: 1, total: 4, warmup: 4 })).toThrow("warmup must be an integer in [0, total), got 4 with total 4");
    expect(() => cosineLr(0, { lr: -1, total: 4 })).toThrow("lr and minLr must be ≥ 0");
  });
});
