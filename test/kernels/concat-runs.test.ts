/** concat's copy loop takes two paths (by hand below 64 elements, `set` above): both, mixed in one call. */
import { describe, expect, it } from "vitest";
import { concatBackward, concatForward, concatLayout } from "../../src/kernels/concat.js";

describe("concat kernel: short and long runs", () => {
  it("places every element by its index and splits dy back exactly", () => {
    const shapes = [
      [2, 3, 40],
      [2, 1, 40],
      [2, 2, 40],
    ]; // runs of 120, 40 and 80 elements per outer block
    const parts = shapes.map((s, p) => Float32Array.from({ length: s[0]! * s[1]! * s[2]! }, (_, i) => 1000 * (p + 1) + i));
    const layout = concatLayout(shapes, 1);
    const out = new Float32Array(2 * 6 * 40).fill(NaN);
    concatForward(parts, layout.outer, layout.inners, out);
    for (let b = 0; b < 2; b++)
      for (let c = 0; c < 6; c++)
        for (let w = 0; w < 40; w++) {
          const [p, local] = c < 3 ? [0, c] : c < 4 ? [1, c - 3] : [2, c - 4];
          const inner = shapes[p]![1]! * 40;
          expect(out[(b * 6 + c) * 40 + w]).toBe(parts[p]![b * inner + local * 40 + w]);
        }
    const grads = parts.map((q) => new Float32Array(q.length).fill(NaN));
    concatBackward(out, layout.outer, layout.inners, grads);
    grads.forEach((g, p) => {
      expect(Array.from(g)).toEqual(Array.from(parts[p]!));
    });
  });
});
