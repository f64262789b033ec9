/**
 * The scratch pool (src/tensor/scratch.ts): a buffer given back is the next one taken of its dtype and size, other
 * sizes and dtypes get their own, and the pool keeps a bounded number of bytes.
 */
import { describe, expect, it } from "vitest";
import { giveScratch, scratchHeldBytes, takeScratch } from "../../src/tensor/scratch.js";

describe("scratch buffers", () => {
  it("a buffer given back is taken again for the same dtype and size, and only then", () => {
    const a = takeScratch("float32", 1000);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(1000);
    const held = scratchHeldBytes();
    giveScratch(a);
    expect(scratchHeldBytes()).toBe(held + 4000);
    expect(takeScratch("float32", 999)).not.toBe(a);
    expect(takeScratch("float64", 1000)).not.toBe(a);
    expect(takeScratch("float32", 1000)).toBe(a);
    expect(scratchHeldBytes()).toBe(held);
    expect(takeScratch("float32", 1000)).not.toBe(a);
  });

  it("keeps at most 64 MiB; what is given back beyond that is left to the garbage collector", () => {
    const held = scratchHeldBytes();
    const big = Array.from({ length: 5 }, () => takeScratch("float64", 2 ** 21)); // 16 MiB each
    for (const b of big) giveScratch(b);
    expect(scratchHeldBytes()).toBeLessThanOrEqual(64 * 2 ** 20);
    expect(scratchHeldBytes() - held).toBe(Math.floor((64 * 2 ** 20 - held) / 2 ** 24) * 2 ** 24);
    for (let i = 0; i < 5; i++) takeScratch("float64", 2 ** 21);
    expect(scratchHeldBytes()).toBe(held);
  });
});
