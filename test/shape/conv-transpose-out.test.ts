import { describe, expect, it } from "vitest";
import type { ConvTransposeOut } from "../../types/index.js";
import { createRng } from "../../src/random.js";
import { convOut, convTransposeOut } from "../../src/shape/index.js";
import { outcome, sameSentence } from "./twins.js";

/**
 * By definition: a transposed conv inverts a conv's size map. The sizes o that the conv with the
 * same geometry maps to h form a run of s consecutive sizes; the transposed conv gives its
 * first, o_min, plus the output padding. Found by scanning o >= 1 for the run's last member
 * (the run may start at or below 0); `null` when no o >= 1 maps to h.
 */
function invertConv(h: number, k: number, s: number, p: number, op: number, d: number): number | null {
  let last: number | null = null;
  const limit = (h + 1) * s + d * k + 2;
  for (let o = 1; o <= limit; o++) if (outcome(() => convOut(o, k, s, p, d)) === h) last = o;
  return last === null ? null : last - (s - 1) + op;
}

describe("convTransposeOut, the runtime twin of ConvTransposeOut", () => {
  it("computes PyTorch's sizes", () => {
    expect(convTransposeOut(28, 2, 2)).toBe(56);
    expect(convTransposeOut(9, 3, 2, 1, 1)).toBe(18);
    expect(convTransposeOut(4096, 4, 2, 1)).toBe(8192);
    expect(convTransposeOut(2 ** 31, 1, 1, 0, 0, 1)).toBe(2 ** 31);
    expect(convTransposeOut(Number.MAX_SAFE_INTEGER, 3, 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("throws the type-level sentence for each error class", () => {
    sameSentence<ConvTransposeOut<4, 2, 2, 0, 2>>(
      "convTranspose2d: axis H: output padding 2 must be smaller than either stride 2 or dilation 1",
      () => convTransposeOut(4, 2, 2, 0, 2),
    );
    sameSentence<ConvTransposeOut<1, 1, 1, 1>>("convTranspose2d: axis H: calculated output size -1 is too small for input size 1", () =>
      convTransposeOut(1, 1, 1, 1),
    );
    sameSentence<ConvTransposeOut<1, 2, 1, 1>>("convTranspose2d: axis H: calculated output size 0 is too small for input size 1", () =>
      convTransposeOut(1, 2, 1, 1),
    );
    sameSentence<ConvTransposeOut<0, 3, 1>>("convTranspose2d: axis H: input size should be greater than zero, but got 0", () =>
      convTransposeOut(0, 3, 1),
    );
    sameSentence<ConvTransposeOut<8, 0>>("convTranspose2d: axis H: kernel size should be greater than zero, but got 0", () => convTransposeOut(8, 0));
    sameSentence<ConvTransposeOut<8, 2, 0>>("convTranspose2d: axis H: stride should be greater than zero, but got 0", () =>
      convTransposeOut(8, 2, 0),
    );
    sameSentence<ConvTransposeOut<8, 2, 2, 0, 0, 0>>("convTranspose2d: axis H: dilation should be greater than zero, but got 0", () =>
      convTransposeOut(8, 2, 2, 0, 0, 0),
    );
    sameSentence<ConvTransposeOut<9007199254740991, 2, 2>>("convTranspose2d: axis H: output size 18014398509481982 exceeds 2^53 - 1", () =>
      convTransposeOut(Number.MAX_SAFE_INTEGER, 2, 2),
    );
    sameSentence<ConvTransposeOut<8, 2, 2, -1>>("convTranspose2d: axis H: padding must be a natural number, got -1", () =>
      convTransposeOut(8, 2, 2, -1),
    );
  });

  it("agrees with inverting the conv size map on random small cases", () => {
    const rng = createRng(20261128);
    for (let i = 0; i < 1500; i++) {
      const [h, k, s, p, d] = [1 + rng.int(30), 1 + rng.int(6), 1 + rng.int(4), rng.int(4), 1 + rng.int(3)];
      const op = rng.int(Math.max(s, d));
      const want = invertConv(h, k, s, p, op, d);
      const got = outcome(() => convTransposeOut(h, k, s, p, op, d));
      if (want !== null && want > 0) expect([h, k, s, p, op, d, got]).toEqual([h, k, s, p, op, d, want]);
      else if (want !== null) expect(got).toBe(`convTranspose2d: axis H: calculated output size ${want} is too small for input size ${h}`);
      else if (typeof got === "number")
        expect(got).toBeLessThanOrEqual(op); // o_min + s - 1 <= 0: at most the output padding is left
      else expect(got).toMatch(/is too small for input size/);
    }
  });
});
