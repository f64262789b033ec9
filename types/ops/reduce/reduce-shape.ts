import type { NormalizeAxis } from "../../shape/axis.js";
import type { Shape } from "../../tensor/shape.js";
import type { FirstMessage } from "../first-message.js";
import type { IsUnion } from "../is-union.js";
import type { OptionKeysCheck, OptionOf } from "../options.js";
import type { DuplicateDim } from "./messages.js";

/** The options of sum, mean, amax, amin and logsumexp (PyTorch's `dim`, `keepdim`). */
export interface ReduceOptions {
  /**
   * The axes to reduce: one axis, a list of axes, or null / omitted for every axis. Negative axes count from the
   * end; an axis may appear once. As in PyTorch, an empty list also reduces every axis.
   */
  readonly dim?: number | readonly number[] | null;
  /** Keep each reduced axis as a size-1 axis (PyTorch's `keepdim`). Default false. */
  readonly keepdim?: boolean;
}

/** The keys of ReduceOptions, in the order the unknown-option message lists them. */
export type ReduceOptionNames = readonly ["dim", "keepdim"];

/** `var`'s options: ReduceOptions plus `correction` (1, the default, is Bessel's correction; 0 the population variance). */
export interface VarOptions extends ReduceOptions {
  /** The divisor is max(0, N - correction), N the number of reduced elements. Default 1. */
  readonly correction?: number;
}

/** The option keys var and std accept, in the order the unknown-option message lists them. */
export type VarOptionNames = readonly ["dim", "keepdim", "correction"];

/** `argmax`'s options: one axis (PyTorch's argmax takes no list), or null / omitted for the flattened tensor. */
export interface ArgmaxOptions {
  readonly dim?: number | null;
  readonly keepdim?: boolean;
}

/** The option keys argmax and argmin accept, in the order the unknown-option message lists them. */
export type ArgmaxOptionNames = readonly ["dim", "keepdim"];

/** The rank a dim is wrapped against: PyTorch wraps dims of a 0-d tensor as rank 1 (0 and -1 are valid). */
export type DimRank<S extends Shape> = S extends readonly [] ? 1 : S["length"];

/**
 * The axes Dims names, normalised: `{ axes: A }` with A a union of axis literals (`number`: every axis),
 * `{ unknown: "one" }` for one axis the compiler cannot name, `{ unknown: "some" }` for a list it cannot, or the
 * message for the first dim (in list order) out of range or listed twice.
 */
type DimAxes<Op extends string, Rank extends number, Dims> = [Dims] extends [null | undefined]
  ? { axes: number }
  : true extends IsUnion<Dims>
    ? { unknown: "some" }
    : [Dims] extends [number]
      ? number extends Dims
        ? { unknown: "one" }
        : NormalizeAxis<Op, Rank, Dims> extends infer N
          ? N extends string
            ? N
            : { axes: N }
          : never
      : [Dims] extends [readonly number[]]
        ? number extends Dims["length"]
          ? { unknown: "some" }
          : Dims extends readonly []
            ? { axes: number }
            : NormalizeDims<Op, Rank, Dims, never>
        : { unknown: "some" };

/** One step per listed dim: wrap it, reject it when out of range or already listed (Acc holds the axes so far). */
type NormalizeDims<Op extends string, Rank extends number, Dims extends readonly number[], Acc> = Dims extends readonly [
  infer A extends number,
  ...infer Rest extends readonly number[],
]
  ? NormalizeAxis<Op, Rank, A> extends infer N
    ? N extends string
      ? N
      : number extends N
        ? { unknown: "some" }
        : [N] extends [Acc]
          ? DuplicateDim<Op, N & number>
          : NormalizeDims<Op, Rank, Rest, Acc | N>
    : never
  : { axes: Acc };

/**
 * One pass over the axes of S (I counts them): a reduced axis is dropped, or kept as 1 with Keep. Tail-recursive,
 * one step per axis. (A reduced axis of size 0 for amax, amin and argmax is checked at run time only: a test on
 * a dim's size would stay deferred on a generic dim such as `D` in `Tensor<[N, D]>` and reject that call.)
 */
type ApplyAxes<S extends Shape, Axes, Keep extends boolean, Acc extends number[], I extends 0[]> = S extends readonly [
  infer H extends number,
  ...infer R extends Shape,
]
  ? [I["length"]] extends [Axes]
    ? ApplyAxes<R, Axes, Keep, Keep extends true ? [...Acc, 1] : Acc, [...I, 0]>
    : ApplyAxes<R, Axes, Keep, [...Acc, H], [...I, 0]>
  : Acc;

/** Every dim of S as `number` (same rank): the shape when the reduced axes are known only at run time but the rank is not. */
type NumberDims<S extends Shape> = { -readonly [K in keyof S]: number };
type DropOne<S extends Shape> = S extends readonly [unknown, ...infer R extends Shape] ? R : [];

/**
 * The result shape of reducing S over Dims (PyTorch's reduction shape rule): each listed axis (negative ones
 * counting from the end) dropped, or kept as 1 with KeepDim; Dims null / undefined / `[]` reduces every axis, so
 * `ReduceShape<"sum", [2, 3], null, false>` is `[]`. Generic dims are kept (`[N, D]` over 1 is `[N]`). A message
 * for the first dim (in list order) out of range or listed twice. When the compiler cannot
 * tell which axes are reduced, `number` dims of the rank it can prove, else `number[]` (checked at run time).
 * The runtime twin is `planReduce` in src/ops/reduce/plan.ts.
 */
export type ReduceShape<Op extends string, S extends Shape, Dims, KeepDim> = number extends S["length"]
  ? number[]
  : boolean extends KeepDim
    ? number[]
    : DimAxes<Op, DimRank<S>, Dims> extends infer A
      ? A extends string
        ? A
        : A extends { axes: infer X }
          ? ApplyAxes<S, X, KeepDim extends true ? true : false, [], []>
          : KeepDim extends true
            ? NumberDims<S>
            : A extends { unknown: "one" }
              ? NumberDims<DropOne<S>>
              : number[]
      : never;

/** The dim option as the shape rule reads it (absent: every axis). */
export type DimOf<O> = OptionOf<O, "dim", null>;
/** The keepdim option as the shape rule reads it (absent: false). */
export type KeepDimOf<O> = OptionOf<O, "keepdim", false>;

/** ReduceShape for an options object O. */
export type ReduceRule<Op extends string, S extends Shape, O> = ReduceShape<Op, S, DimOf<O>, KeepDimOf<O>>;

/** The parameter-type part for the options: an unknown key, else a dim out of range or listed twice. */
export type ReduceOptionsGuard<Op extends string, O, Names extends readonly string[], R> = FirstMessage<[OptionKeysCheck<Op, O, Names>, R]>;
