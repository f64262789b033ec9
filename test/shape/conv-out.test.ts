import { describe, expect, it } from "vitest";
import type { ConvOut } from "../../types/index.js";
import { createRng } from "../../src/random.js";
import { convOut } from "../../src/shape/index.js";
import { outcome, sameSentence } from "./twins.js";

/** By definition: the number of window positions i*s (i >= 0) whose dilated kernel fits in the padded input. */
function countWindows(h: number, k: number, s: number, p: number, d: number): number {
  const span = d * (k - 1) + 1;
  let n = 0;
  while (n * s + span <= h + 2 * p) n++;
  return n;
}

describe("convOut, the runtime twin of ConvOut", () => {
  it("computes PyTorch's sizes", () => {
    expect(convOut(572, 3)).toBe(570);
    expect(convOut(9, 3, 2, 1)).toBe(5);
    expect(convOut(65536, 7, 2, 3)).toBe(32768);
    expect(convOut(Number.MAX_SAFE_INTEGER, 3, 1, 0, 2)).toBe(Number.MAX_SAFE_INTEGER - 4);
  });

  it("returns h itself under same padding (S = D = 1, K = 2P + 1)", () => {
    for (const h of [1, 9, 572, 4096, 2 ** 31, Number.MAX_SAFE_INTEGER]) expect(convOut(h, 5, 1, 2)).toBe(h);
  });

  it("rejects an input size of 0 under same padding too (the type returns H unvalidated there)", () => {
    expect(() => convOut(0, 1)).toThrow("conv2d: axis H: input size should be greater than zero, but got 0");
    expect(() => convOut(0, 3, 1, 1)).toThrow("conv2d: axis H: input size should be greater than zero, but got 0");
  });

  it("throws the type-level sentence for each error class", () => {
    sameSentence<ConvOut<2, 7>>("conv2d: axis H: dilated kernel 7 is larger than padded input 2", () => convOut(2, 7));
    sameSentence<ConvOut<8, 3, 1, 0, 4>>("conv2d: axis H: dilated kernel 9 is larger than padded input 8", () => convOut(8, 3, 1, 0, 4));
    sameSentence<ConvOut<0, 3>>("conv2d: axis H: input size should be greater than zero, but got 0", () => convOut(0, 3));
    sameSentence<ConvOut<8, 0>>("conv2d: axis H: kernel size should be greater than zero, but got 0", () => convOut(8, 0));
    sameSentence<ConvOut<8, 3, 0>>("conv2d: axis H: stride should be greater than zero, but got 0", () => convOut(8, 3, 0));
    sameSentence<ConvOut<8, 3, 1, 0, 0>>("conv2d: axis H: dilation should be greater than zero, but got 0", () => convOut(8, 3, 1, 0, 0));
    sameSentence<ConvOut<-1, 3>>("conv2d: axis H: input size must be a natural number, got -1", () => convOut(-1, 3));
    sameSentence<ConvOut<8, 3, 1.5>>("conv2d: axis H: stride must be a natural number, got 1.5", () => convOut(8, 3, 1.5));
    sameSentence<ConvOut<8, 3, 1, 9007199254740992>>("conv2d: axis H: padding must be at most 2^53 - 1, got 9007199254740992", () =>
      convOut(8, 3, 1, 2 ** 53),
    );
    sameSentence<ConvOut<9007199254740991, 1, 1, 1>>("conv2d: axis H: output size 9007199254740993 exceeds 2^53 - 1", () =>
      convOut(Number.MAX_SAFE_INTEGER, 1, 1, 1),
    );
    sameSentence<ConvOut<2, 3, 1, 0, 1, "conv2d", "W">>("conv2d: axis W: dilated kernel 3 is larger than padded input 2", () =>
      convOut(2, 3, 1, 0, 1, "conv2d", "W"),
    );
  });

  it("agrees with counting windows on random small cases", () => {
    const rng = createRng(20261126);
    for (let i = 0; i < 2000; i++) {
      const [h, k, s, p, d] = [rng.int(40), 1 + rng.int(7), 1 + rng.int(4), rng.int(4), 1 + rng.int(3)];
      const n = countWindows(h, k, s, p, d);
      const got = outcome(() => convOut(h, k, s, p, d));
      if (h === 0) expect(got).toBe("conv2d: axis H: input size should be greater than zero, but got 0");
      else if (n > 0) expect([h, k, s, p, d, got]).toEqual([h, k, s, p, d, n]);
      else expect([h, k, s, p, d, got]).toEqual([h, k, s, p, d, expect.stringMatching(/is larger than padded input/)]);
    }
  });
});
