import { describe, expect, it } from "vitest";
import type { CheckNat, ShapesAgree } from "../../types/index.js";
import { fromNested, full, ones, randn, Tensor, tensor, zeros } from "../../src/tensor/tensor.js";
import { shapesAgree } from "../../src/tensor/shapes-agree.js";
import { ShapeError } from "../../src/errors.js";
import { sameSentence } from "../shape/twins.js";

/** Sizes typed `number`, so the compiler leaves them to the runtime checks. */
const runtime = (n: number): number => n;

describe("tensor constructors", () => {
  it("hold row-major data of the dtype, with a shape of their own", () => {
    const dims = [2, 3];
    const t = tensor(dims, [1, 2, 3, 4, 5, 6]);
    dims[0] = 7;
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.at(1, 0)).toBe(4);
    expect(t.toNested()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const d = zeros([2, 2], { dtype: "float64" });
    expect(d.data).toBeInstanceOf(Float64Array);
    expect(Array.from(ones([3]).data)).toEqual([1, 1, 1]);
    expect(Array.from(full([2], 0.5).data)).toEqual([0.5, 0.5]);
    expect(zeros([]).size).toBe(1);
    expect(zeros([3, 0, 2]).size).toBe(0);
  });

  it("reject data of the wrong length, naming both numbers", () => {
    expect(() => tensor([2, 3], [1, 2, 3, 4, 5])).toThrow(new ShapeError("tensor: data has 5 elements but shape [2, 3] needs 6"));
  });

  it("reject a bad runtime dim with the sentence the compiler shows for a literal", () => {
    sameSentence<CheckNat<-1, "zeros: dim 1">>("zeros: dim 1 must be a natural number, got -1", () => zeros([3, runtime(-1)]));
    sameSentence<CheckNat<2.5, "ones: dim 0">>("ones: dim 0 must be a natural number, got 2.5", () => ones([runtime(2.5)]));
    sameSentence<CheckNat<1e999, "full: dim 2">>("full: dim 2 must be a natural number, got Infinity", () =>
      full([1, 1, runtime(Number.POSITIVE_INFINITY)], 0),
    );
    sameSentence<CheckNat<9007199254740992, "randn: dim 0">>("randn: dim 0 must be at most 2^53 - 1, got 9007199254740992", () =>
      randn([runtime(2 ** 53)], { seed: 1 }),
    );
    sameSentence<CheckNat<-3, "tensor: dim 0">>("tensor: dim 0 must be a natural number, got -3", () => tensor([runtime(-3)], []));
    expect(() => zeros([runtime(Number.NaN)])).toThrow(new ShapeError("zeros: dim 0 must be a natural number, got NaN"));
  });

  it("randn is reproducible from its seed", () => {
    const a = randn([4, 256], { seed: 42 });
    expect(Array.from(randn([4, 256], { seed: 42 }).data)).toEqual(Array.from(a.data));
    expect(Array.from(randn([4, 256], { seed: 43 }).data)).not.toEqual(Array.from(a.data));
    const mean = a.data.reduce((s, v) => s + v, 0) / a.size;
    const variance = a.data.reduce((s, v) => s + (v - mean) ** 2, 0) / a.size;
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.1);
    const scaled = randn([4, 256], { seed: 42, std: 2 });
    expect(scaled.data[5]).toBeCloseTo(2 * a.data[5]!, 5);
  });

  it("fromNested infers the shape and rejects ragged input", () => {
    const t = fromNested([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fromNested([[[1], [2]]]).shape).toEqual([1, 2, 1]);
    const ragged: number[][] = [[1, 2], [3]];
    expect(() => fromNested(ragged)).toThrow(new ShapeError("fromNested: ragged input at [1]: expected length 2, got length 1"));
  });
});

describe("Tensor.wrap checks what it is given", () => {
  it("rejects data of the wrong length with the data-length sentence", () => {
    expect(() => Tensor.wrap([3, 8, 8], "float32", new Float32Array(5))).toThrow(
      new ShapeError("Tensor.wrap: data has 5 elements but shape [3, 8, 8] needs 192"),
    );
    expect(() => Tensor.wrap([3, 8, 8], "float32", new Float32Array(5))).toThrow(ShapeError);
  });

  it("rejects a dim that is not a natural number", () => {
    expect(() => Tensor.wrap([2, -1], "float32", new Float32Array(0))).toThrow(ShapeError);
  });

  it("rejects an array of the other dtype", () => {
    const data = new Float32Array(2) as unknown as Float64Array;
    expect(() => Tensor.wrap([2], "float64", data)).toThrow(new TypeError("Tensor.wrap: float64 data must be a Float64Array, got Float32Array"));
  });

  it("wraps consistent parts without copying", () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = Tensor.wrap([2, 3], "float64", data);
    expect(t.data).toBe(data);
    expect(t.shape).toEqual([2, 3]);
    expect(Tensor.wrap([0, 3], "float32", new Float32Array(0)).size).toBe(0);
  });
});

describe("shapesAgree, the runtime twin of ShapesAgree", () => {
  it("passes agreeing shapes and throws the type-level sentence otherwise", () => {
    expect(() => shapesAgree("concat", [64, 7, 8], [32, 7, 8], [1, 2])).not.toThrow();
    sameSentence<ShapesAgree<"concat", [64, 7, 8], [64, 6, 8], [1, 2]>>("concat: axis 1 (H) must match: 7 vs 6", () =>
      shapesAgree("concat", [64, 7, 8], [64, 6, 8], [1, 2]),
    );
    sameSentence<ShapesAgree<"add", [2, 3, 4, 4], [2, 3, 4, 5], [0, 1, 2, 3]>>("add: axis 3 (W) must match: 4 vs 5", () =>
      shapesAgree("add", [2, 3, 4, 4], [2, 3, 4, 5], [0, 1, 2, 3]),
    );
    sameSentence<ShapesAgree<"matmul", [2, 3], [4, 5], [1]>>("matmul: axis 1 must match: 3 vs 5", () => shapesAgree("matmul", [2, 3], [4, 5], [1]));
    sameSentence<ShapesAgree<"concat", [64, 7, 8], [64, 7], [1, 2]>>("concat: axis 2 is out of range for rank 2", () =>
      shapesAgree("concat", [64, 7, 8], [64, 7], [1, 2]),
    );
    sameSentence<ShapesAgree<"concat", [64, 7], [64, 7, 8], [2]>>("concat: axis 2 is out of range for rank 2", () =>
      shapesAgree("concat", [64, 7], [64, 7, 8], [2]),
    );
  });
});
