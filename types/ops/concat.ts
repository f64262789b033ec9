import type { Add } from "../nat/add.js";
import type { Shape } from "../tensor/shape.js";
import type { BadRank } from "../tensor/messages.js";
import type { CheckAgree } from "./common.js";

/** Names of image axes, used in messages: (C, H, W) and (N, C, H, W). */
export type AxisName<Rank extends number, K extends number> = Rank extends 3
  ? ["C", "H", "W"][K]
  : Rank extends 4
    ? ["N", "C", "H", "W"][K]
    : never;

/** "axis 1 (H)" for image ranks, "axis 1" otherwise. */
export type AxisLabel<Rank extends number, K extends number> = [AxisName<Rank, K>] extends [never] ? `axis ${K}` : `axis ${K} (${AxisName<Rank, K> & string})`;

/**
 * The shape of `concat([a, b, ...], axis)`: every axis but `axis` must agree, `axis` adds up.
 * A disagreement is the message for the first offending axis, e.g. "concat: axis 1 (H) must match: 7 vs 6".
 */
export type ConcatShape<Shapes extends readonly Shape[], Axis extends number, Op extends string = "concat"> = Shapes extends readonly [
  infer First extends Shape,
  ...infer Rest extends Shape[],
]
  ? ConcatFold<[...First], Rest, Axis, Op>
  : number[];

type ConcatFold<Acc extends number[], Rest extends Shape[], Axis extends number, Op extends string> = Rest extends [
  infer Next extends Shape,
  ...infer More extends Shape[],
]
  ? SameExcept<Acc, Next, Axis, Op, []> extends infer Problem extends string
    ? Problem
    : ConcatFold<Replace<Acc, Axis, SumDim<Acc[Axis], Next[Axis]>>, More, Axis, Op>
  : Acc;

/** `true` or the first message; walks the axes iteratively (ranks are small). */
type SameExcept<A extends Shape, B extends Shape, Axis extends number, Op extends string, Seen extends unknown[]> = number extends A["length"] | B["length"]
  ? true
  : A["length"] extends B["length"]
    ? Seen["length"] extends A["length"]
      ? true
      : Seen["length"] extends Axis
        ? SameExcept<A, B, Axis, Op, [...Seen, 0]>
        : CheckAgree<Op, AxisLabel<A["length"], Seen["length"]>, A[Seen["length"]], B[Seen["length"]]> extends infer R extends string
          ? R
          : SameExcept<A, B, Axis, Op, [...Seen, 0]>
    : BadRank<Op, "every tensor", `rank ${A["length"]} like the first`, B["length"]>;

type SumDim<A, B> = number extends A ? number : number extends B ? number : Add<A & number, B & number>;

type Replace<T extends number[], K extends number, V> = { [I in keyof T]: I extends `${K}` ? V & number : T[I] };
