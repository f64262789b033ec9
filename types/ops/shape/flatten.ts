import type { Lt } from "../../nat/lt.js";
import type { Mul } from "../../nat/mul.js";
import type { NormalizeAxis } from "../../shape/axis.js";
import type { Shape } from "../../tensor/shape.js";
import type { AxisCheck, WrapRank } from "./common.js";
import type { FlattenOrder } from "./messages.js";

/**
 * The shape of `flatten(x, startDim, endDim)`: axes startDim..endDim (inclusive, negative counting from the end)
 * become one axis, their sizes multiplied exactly (a `number` size gives `number`); a 0-d tensor becomes `[1]`.
 * Messages in the runtime's order (`flattenShape`): startDim, endDim out of range, then startDim after endDim.
 * A `number` axis gives `number[]`.
 */
export type FlattenShape<Op extends string, S extends Shape, A0 extends number, A1 extends number> = number extends S["length"]
  ? number[]
  : FlattenAxes<Op, WrapRank<S["length"]>, A0, A1> extends infer Ks
    ? Ks extends string
      ? Ks
      : Ks extends [infer K0 extends number, infer K1 extends number]
        ? number extends K0 | K1
          ? number[]
          : S extends readonly []
            ? [1]
            : FlattenFold<S, K0, K1, [], [], "none">
        : never
    : never;

/** The check reported at `endDim`: its range, then the order of the two axes (startDim's range is `AxisCheck`). */
export type FlattenEndCheck<Op extends string, S extends Shape, A0 extends number, A1 extends number> =
  FlattenEndProblem<Op, S, A0, A1> extends infer M ? (M extends string ? M : true) : never;

type FlattenEndProblem<Op extends string, S extends Shape, A0 extends number, A1 extends number> = number extends S["length"]
  ? 0
  : AxisCheck<Op, WrapRank<S["length"]>, A1> extends infer E extends string
    ? E
    : FlattenAxes<Op, WrapRank<S["length"]>, A0, A1> extends infer Ks
      ? Ks extends FlattenOrder<Op, number, number>
        ? Ks
        : 0
      : never;

/** [startDim, endDim] counted from the front, or the first message. */
type FlattenAxes<Op extends string, Rank extends number, A0 extends number, A1 extends number> =
  NormalizeAxis<Op, Rank, A0> extends infer K0
    ? K0 extends string
      ? K0
      : NormalizeAxis<Op, Rank, A1> extends infer K1
        ? K1 extends string
          ? K1
          : number extends K0 | K1
            ? [K0, K1]
            : Lt<K1 & number, K0 & number> extends true
              ? FlattenOrder<Op, K0 & number, K1 & number>
              : [K0, K1]
        : never
    : never;

/** One step per axis: copy the axes before K0, multiply K0..K1 into one (P), copy the rest. */
type FlattenFold<S extends Shape, K0 extends number, K1 extends number, C extends unknown[], Acc extends number[], P> = S extends readonly [
  infer H extends number,
  ...infer R extends Shape,
]
  ? C["length"] extends K1
    ? [...Acc, Times<P, H>, ...R]
    : C["length"] extends K0
      ? FlattenFold<R, K0, K1, [...C, 0], Acc, H>
      : P extends "none"
        ? FlattenFold<R, K0, K1, [...C, 0], [...Acc, H], P>
        : FlattenFold<R, K0, K1, [...C, 0], Acc, Times<P, H>>
  : Acc;

/** P * H, H alone when nothing came before (so a single generic axis is kept). */
type Times<P, H extends number> = P extends "none" ? H : Mul<P & number, H> & number;
