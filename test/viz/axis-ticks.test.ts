import { describe, expect, it } from "vitest";
import { formatPowerOfTen, formatTick, niceTicks } from "../../src/viz/index.js";

const labels = (lo: number, hi: number): string[] => {
  const { ticks, step } = niceTicks(lo, hi);
  return ticks.map((t) => formatTick(t, step));
};

describe("niceTicks / formatTick", () => {
  it("picks 1, 2 or 5 × 10^k steps inside the range and formats them exactly", () => {
    expect(niceTicks(0, 1)).toEqual({ ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
    expect(labels(0, 1)).toEqual(["0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
    expect(labels(0.05, 2.05)).toEqual(["0.5", "1.0", "1.5", "2.0"]);
    expect(labels(-3, 7)).toEqual(["-2", "0", "2", "4", "6"]);
    expect(labels(0.0512, 0.0523)).toEqual(["0.0512", "0.0514", "0.0516", "0.0518", "0.0520", "0.0522"]);
    expect(labels(0, 120000)).toEqual(["0", "50000", "100000"]);
  });
  it("switches to exponent form for long labels", () => {
    expect(labels(1e-5, 3e-5)).toEqual(["1e-5", "1.5e-5", "2e-5", "2.5e-5", "3e-5"]);
    expect(formatTick(2500000, 500000)).toBe("2.5e6");
  });
  it("handles an empty or non-finite range", () => {
    expect(niceTicks(1, 1)).toEqual({ ticks: [1], step: 1 });
    expect(niceTicks(NaN, 1).ticks).toEqual([]);
  });
});

describe("formatPowerOfTen", () => {
  it("writes small decades in fixed point, others as 1eN", () => {
    expect([-5, -3, -2, -1, 0, 1, 3, 4].map(formatPowerOfTen)).toEqual(["1e-5", "1e-3", "0.01", "0.1", "1", "10", "1000", "1e4"]);
  });
});
