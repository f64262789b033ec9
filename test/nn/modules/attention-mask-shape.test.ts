// Attention masks of the wrong size, a mistake a PyTorch user makes: a clear error naming both shapes.
import { describe, expect, it } from "vitest";
import { MultiheadAttention, ShapeError, TransformerEncoderLayer, causalMask, randn } from "../../../src/index.js";

describe("attention masks of the wrong size", () => {
  it("a causal mask built for another length is refused with both shapes (it used to broadcast or fail as 'cannot broadcast axis -1')", () => {
    const layer = new TransformerEncoderLayer(8, 2, { dropout: 0, seed: 0 });
    const x = randn([2, 5, 8], { seed: 1 });
    expect(() => layer.forwardWith(x, { attnMask: causalMask(4) })).toThrow(
      new ShapeError("MultiheadAttention: attnMask must be (T, S) = [5, 5] or (B·heads, T, S) = [4, 5, 5], got [4, 4]"),
    );
  });

  it("a (1, S) mask that would broadcast over the queries is refused, as PyTorch refuses it", () => {
    const mha = new MultiheadAttention(8, 2, { seed: 0 });
    const x = randn([2, 5, 8], { seed: 1 });
    expect(() => mha.forward(x, x, x, { attnMask: randn([1, 5], { seed: 2 }) })).toThrow(/attnMask must be \(T, S\) = \[5, 5\].*got \[1, 5\]/);
    expect(() => mha.forward(x, x, x, { attnMask: randn([2, 5, 5], { seed: 2 }) })).toThrow(/\(B·heads, T, S\) = \[4, 5, 5\], got \[2, 5, 5\]/);
  });

  it("masks of the right shape still work, 2-D and (B·heads, T, S)", () => {
    const mha = new MultiheadAttention(8, 2, { seed: 0 });
    const x = randn([2, 5, 8], { seed: 1 });
    const [a] = mha.forward(x, x, x, { attnMask: causalMask(5) });
    const three = randn([4, 5, 5], { seed: 3 });
    const [b] = mha.forward(x, x, x, { attnMask: three });
    expect(a.shape).toEqual([2, 5, 8]);
    expect(b.shape).toEqual([2, 5, 8]);
  });
});
