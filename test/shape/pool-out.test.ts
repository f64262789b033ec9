import { describe, expect, it } from "vitest";
import type { PoolOut } from "../../types/index.js";
import { createRng } from "../../src/random.js";
import { poolOut } from "../../src/shape/index.js";
import { outcome, sameSentence } from "./twins.js";

/**
 * By definition. Floor mode: window positions i*s whose dilated kernel fits in the padded
 * input. Ceil mode (PyTorch): windows are added while the previous one has not reached the
 * padded input's end, and each must start inside the input or the left padding.
 */
function countWindows(h: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = d * (k - 1) + 1;
  const padded = h + 2 * p;
  let n = 0;
  if (!ceil) while (n * s + span <= padded) n++;
  else while ((n - 1) * s + span < padded && n * s < h + p) n++;
  return n;
}

describe("poolOut, the runtime twin of PoolOut", () => {
  it("computes PyTorch's sizes, stride defaulting to the kernel", () => {
    expect(poolOut(572, 2)).toBe(286);
    expect(poolOut(9, 2)).toBe(4);
    expect(poolOut(9, 2, 2, 0, 1, true)).toBe(5);
    expect(poolOut(5, 2, 2, 1, 1, true)).toBe(3); // the last window would start in the right padding: dropped
    expect(poolOut(65536, 3, 2, 1)).toBe(32768);
    expect(poolOut(2 ** 31, 2)).toBe(2 ** 30);
    expect(poolOut(Number.MAX_SAFE_INTEGER, 2, 2, 0, 1, true)).toBe(2 ** 52);
  });

  it("throws the type-level sentence for each error class", () => {
    sameSentence<PoolOut<1, 2>>("maxPool2d: axis H: dilated kernel 2 is larger than padded input 1", () => poolOut(1, 2));
    sameSentence<PoolOut<8, 0>>("maxPool2d: axis H: kernel size should be greater than zero, but got 0", () => poolOut(8, 0));
    sameSentence<PoolOut<8, 2, 0>>("maxPool2d: axis H: stride should be greater than zero, but got 0", () => poolOut(8, 2, 0));
    sameSentence<PoolOut<8, 2, 2, 0, 0>>("maxPool2d: axis H: dilation should be greater than zero, but got 0", () => poolOut(8, 2, 2, 0, 0));
    sameSentence<PoolOut<8, 2, 2, 2>>("maxPool2d: axis H: padding 2 should be at most half of kernel size 2", () => poolOut(8, 2, 2, 2));
    sameSentence<PoolOut<0, 1, 2, 0, 1, true>>("maxPool2d: axis H: input size should be greater than zero, but got 0", () =>
      poolOut(0, 1, 2, 0, 1, true),
    );
    sameSentence<PoolOut<0, 2>>("maxPool2d: axis H: input size should be greater than zero, but got 0", () => poolOut(0, 2));
    sameSentence<PoolOut<2.5, 2>>("maxPool2d: axis H: input size must be a natural number, got 2.5", () => poolOut(2.5, 2));
    sameSentence<PoolOut<1e999, 2, 2, 0, 1, false, "avgPool2d", "W">>("avgPool2d: axis W: input size must be a natural number, got Infinity", () =>
      poolOut(Number.POSITIVE_INFINITY, 2, 2, 0, 1, false, "avgPool2d", "W"),
    );
  });

  it("agrees with counting windows on random small cases, floor and ceil", () => {
    const rng = createRng(20261127);
    for (let i = 0; i < 3000; i++) {
      const [k, s, d] = [1 + rng.int(6), 1 + rng.int(4), 1 + rng.int(3)];
      const [h, p, ceil] = [rng.int(40), rng.int(Math.floor(k / 2) + 1), rng.int(2) === 1];
      const n = countWindows(h, k, s, p, d, ceil);
      const got = outcome(() => poolOut(h, k, s, p, d, ceil));
      if (h === 0) expect(got).toBe("maxPool2d: axis H: input size should be greater than zero, but got 0");
      else if (n > 0) expect([h, k, s, p, d, ceil, got]).toEqual([h, k, s, p, d, ceil, n]);
      else expect([h, k, s, p, d, ceil, got]).toEqual([h, k, s, p, d, ceil, expect.stringMatching(/larger than padded input/)]);
    }
  });
});
