import type { Add } from "../nat/add.js";
import type { AddDigits } from "../nat/add-digits.js";
import type { ParseNat, ShowDigits } from "../nat/parse.js";
import type { OutputTooLarge } from "../messages/shape.js";
import type { BadRank } from "../tensor/messages.js";
import type { DType, Shape } from "../tensor/shape.js";
import type { AxisLabel, CheckAgree } from "./common.js";
import type { DTypeCheck } from "./dtype-check.js";
import type { NoTensors } from "./messages.js";

export type { NormalizeAxis } from "../shape/axis.js";
import type { NormalizeAxis } from "../shape/axis.js";

/**
 * The shape of `concat([a, b, ...], axis)`: every axis but `axis` must agree, `axis` adds up.
 * A disagreement is the message for the first offending tensor and axis, e.g. "concat: axis 1 (H) must match: 7 vs 6";
 * checks in the runtime's order (concatShape): a tensor at all, the axis, then each tensor's rank and axes.
 * A union of axes gives the union of the shapes; a `number` axis gives `number` sizes of the first's rank.
 */
export type ConcatShape<Shapes extends readonly Shape[], Axis extends number, Op extends string = "concat"> = Axis extends unknown
  ? Shapes extends readonly []
    ? NoTensors<Op>
    : Shapes extends readonly [infer First extends Shape, ...infer Rest extends Shape[]]
      ? number extends First["length"]
        ? number[]
        : NormalizeAxis<Op, First["length"], Axis> extends infer K
          ? K extends string
            ? K
            : K extends number
              ? number extends K
                ? { [I in keyof First]: number }
                : ConcatFold<[...First], Rest, K, Op>
              : K
          : never
      : number[]
  : never;

type ConcatFold<Acc extends number[], Rest extends Shape[], Axis extends number, Op extends string> = Rest extends [
  infer Next extends Shape,
  ...infer More extends Shape[],
]
  ? SameExcept<Acc, Next, Axis, Op, []> extends infer Problem extends string
    ? Problem
    : SumDim<Acc[Axis], Next[Axis], Op, Axis> extends infer Sum
      ? Sum extends string
        ? Sum
        : ConcatFold<Replace<Acc, Axis, Sum>, More, Axis, Op>
      : never
  : Acc;

/** `true` or the first message; walks the axes iteratively (ranks are small). */
type SameExcept<A extends Shape, B extends Shape, Axis extends number, Op extends string, Seen extends unknown[]> = number extends
  | A["length"]
  | B["length"]
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

/** The joined axis's size; past 2^53 - 1 the message concatShape throws. */
type SumDim<A, B, Op extends string, Axis extends number> = number extends A
  ? number
  : number extends B
    ? number
    : Add<A & number, B & number> extends infer S extends number
      ? S
      : OutputTooLarge<Op, `${Axis}`, ShowDigits<AddDigits<ParseNat<A & number, Op>, ParseNat<B & number, Op>>>>;

type Replace<T extends number[], K extends number, V> = { [I in keyof T]: I extends `${K}` ? V & number : T[I] };

type DTypeOf<T> = T extends { readonly dtype: infer D extends DType } ? D : DType;

/** `true` when every part has the first part's dtype, else the message for the first that does not. */
export type ConcatDTypeCheck<Parts extends readonly unknown[], Op extends string = "concat"> = Parts extends readonly [infer First, ...infer Rest]
  ? DTypesAgree<Op, DTypeOf<First>, Rest, [0]>
  : true;

type DTypesAgree<Op extends string, First extends DType, Rest extends readonly unknown[], Index extends unknown[]> = Rest extends readonly [
  infer T,
  ...infer More,
]
  ? DTypeCheck<Op, `tensor ${Index["length"]}`, "tensor 0", First, DTypeOf<T>> extends infer P extends string
    ? P
    : DTypesAgree<Op, First, More, [...Index, 0]>
  : true;
