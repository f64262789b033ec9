/** A tensor shape: a tuple of natural-number literals, or `number` where a size is only known at run time. */
export type Shape = readonly number[];

/** Element types a tensor can hold. */
export type DType = "float32" | "float64";

/** Drops `readonly` from an inferred tuple so `[3, 8, 8]` inferred from a literal equals the user's `Tensor<[3, 8, 8]>`. */
export type Mutable<S extends Shape> = { -readonly [K in keyof S]: S[K] };

/** Number of axes of a shape: a literal for a tuple, `number` for `number[]`. */
export type Rank<S extends Shape> = S["length"];

/** The shape of a nested array literal: `[[1, 2, 3], [4, 5, 6]]` has shape `[2, 3]`. */
export type NestedShape<T> = T extends readonly unknown[]
  ? T extends readonly [infer First, ...unknown[]]
    ? [T["length"], ...NestedShape<First>]
    : number extends T["length"]
      ? [number, ...NestedShape<T[number]>]
      : [0]
  : [];

/** The innermost element type of a nested array. */
export type NestedLeaf<T> = T extends readonly (infer E)[] ? NestedLeaf<E> : T;
