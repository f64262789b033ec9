import type { Add } from "../../nat/add.js";
import type { Mul } from "../../nat/mul.js";
import type { NormalizeAxis } from "../../shape/axis.js";
import type { Shape } from "../../tensor/shape.js";
import type { NewAxisOutOfRange } from "./messages.js";

// Building blocks of the shape ops' rules: axis checks and tuple edits, each tail-recursive with one step per axis.

export type { AxisCheck } from "../../shape/axis.js";

/**
 * Where a new axis goes (unsqueeze, stack): an axis in [-rank - 1, rank], a negative one counting from the end
 * of the result, as a literal in [0, rank]; `number` for a `number` axis; else the message.
 */
export type NormalizeNewAxis<Op extends string, Rank extends number, A extends number> =
  Add<Rank, 1> extends infer R1 extends number
    ? NormalizeAxis<Op, R1, A> extends infer K
      ? K extends string
        ? NewAxisOutOfRange<Op, A, Rank, `-${R1}`, Rank>
        : K
      : never
    : never;

/** `true` when a new axis A fits rank Rank (or either is unknown), else the message. */
export type NewAxisCheck<Op extends string, Rank extends number, A extends number> = number extends Rank
  ? true
  : NormalizeNewAxis<Op, Rank, A> extends infer K
    ? K extends string
      ? K
      : true
    : never;

/** PyTorch wraps the axis of a 0-d tensor as if it had rank 1 (`maybe_wrap_dim(..., wrap_scalar=true)`). */
export type WrapRank<Rank extends number> = Rank extends 0 ? 1 : Rank;

/** Every size `number`, same rank (a literal axis index was not known). */
export type AllNumbers<S extends Shape> = { -readonly [I in keyof S]: number };

/** S with V inserted before index K (K in [0, rank]). */
export type InsertAt<S extends Shape, K extends number, V extends number, Acc extends number[] = []> = Acc["length"] extends K
  ? [...Acc, V, ...S]
  : S extends readonly [infer H extends number, ...infer R extends Shape]
    ? InsertAt<R, K, V, [...Acc, H]>
    : [...Acc, V];

/** S without index K. */
export type RemoveAt<S extends Shape, K extends number, Acc extends number[] = []> = S extends readonly [
  infer H extends number,
  ...infer R extends Shape,
]
  ? Acc["length"] extends K
    ? [...Acc, ...R]
    : RemoveAt<R, K, [...Acc, H]>
  : Acc;

/** S with index K replaced by V. */
export type ReplaceAt<S extends Shape, K extends number, V extends number, Acc extends number[] = []> = S extends readonly [
  infer H extends number,
  ...infer R extends Shape,
]
  ? Acc["length"] extends K
    ? [...Acc, V, ...R]
    : ReplaceAt<R, K, V, [...Acc, H]>
  : Acc;

/**
 * The number of elements of a shape: one exact digit product per axis (`Mul`), `number` when a size or the rank
 * is only known at run time, or Mul's overflow message.
 */
export type Product<S extends Shape> = number extends S["length"] ? number : ProductFold<S, 1>;
type ProductFold<S extends Shape, Acc> = Acc extends string
  ? Acc
  : number extends Acc
    ? number
    : S extends readonly [infer H extends number, ...infer R extends Shape]
      ? ProductFold<R, Acc extends 1 ? H : Mul<Acc & number, H>>
      : Acc;
