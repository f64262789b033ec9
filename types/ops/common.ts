import type { Shape } from "../tensor/shape.js";
import type { AxisMismatch, AxisOutOfRange, BadRank } from "../tensor/messages.js";

/** A hyperparameter given as one number for both axes or as `[h, w]`; absent means `Default`. */
export type PairOf<V, Default extends number> = V extends number
  ? [V, V]
  : V extends readonly [infer A extends number, infer B extends number]
    ? [A, B]
    : [Default, Default];

/**
 * Two sizes agree unless both are literals and differ: `number` sizes are checked at run time. Identical types
 * agree first, by a test tsc decides without resolving them, so one generic dim (`H` in `Tensor<[3, H, H]>`)
 * agrees with itself; the `number extends` tests would stay deferred on it and reject the call.
 */
export type Agree<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : number extends A
      ? true
      : number extends B
        ? true
        : [A] extends [B]
          ? [B] extends [A]
            ? true
            : false
          : false;

/** `unknown` (no constraint) when `Ok` is true, else the message: used as `param: Tensor<...> & Guard<...>`. */
export type Guard<Ok extends boolean, Message extends string> = Ok extends true ? unknown : Message;

/** An image batch split into its parts: (C, H, W) has an empty batch, (N, C, H, W) a batch of one axis. */
export type SplitImage<XS extends Shape, Op extends string> = number extends XS["length"]
  ? { batch: number[]; c: number; h: number; w: number }
  : XS extends readonly [infer C extends number, infer H extends number, infer W extends number]
    ? { batch: []; c: C; h: H; w: W }
    : XS extends readonly [infer N extends number, infer C extends number, infer H extends number, infer W extends number]
      ? { batch: [N]; c: C; h: H; w: W }
      : BadRank<Op, "x", "(C, H, W) or (N, C, H, W)", XS["length"]>;

/** x's channel axis for an image op (MustMatch's operand): `number` (agrees with anything) when SplitImage fails or x is `never`. */
export type ImageChannels<XS extends Shape> = [XS] extends [never] ? number : SplitImage<XS, ""> extends { c: infer C } ? C : number;

/** Axis K of a weight of rank 4, else `number` (the rank is another check's message). */
export type WeightAxis<WS extends Shape, K extends 0 | 1> = WS extends readonly [unknown, unknown, unknown, unknown] ? WS[K] : number;

/** Checks two sizes agree, naming both sides in the message. */
export type CheckAgree<Op extends string, What extends string, A, B> =
  Agree<A, B> extends true ? true : AxisMismatch<Op, What, A & number, B & number>;

/**
 * A size agreement as the last part of a parameter's guard: `unknown` when A and B agree, the sentence when they
 * are literals that differ, and where tsc cannot decide (a generic size against another) this alias itself, so the
 * error names the two sizes: `... & MustMatch<"conv2d", "weight axis 1 (inC) and x's channel axis", 3, C>`. Last in
 * a guard: a check after it would keep the whole guard deferred, printed as its expanded conditional types (checks
 * the runtime makes after this one go in MustMatchThen's `Then`).
 */
export type MustMatch<Op extends string, What extends string, A, B> =
  Agree<A, B> extends true ? unknown : AxisMismatch<Op, What, A & number, B & number>;

/**
 * MustMatch followed by `Then`, the guard's part for the checks the runtime makes after this one (`unknown` when
 * they pass, else their message): `Then` once A and B agree (so agreeing sizes leave only Then in the error, e.g.
 * ConvAxisFits), their mismatch when they differ, and this alias where tsc cannot decide:
 * `MustMatchThen<"conv2d", "weight axis 1 (inC) and x's channel axis", 3, C, unknown>`.
 */
export type MustMatchThen<Op extends string, What extends string, A, B, Then> =
  Agree<A, B> extends true ? Then : AxisMismatch<Op, What, A & number, B & number>;

/** Names of image axes, used in messages: (C, H, W) and (N, C, H, W); `never` for other ranks (see AxisLabel). */
export type AxisName<Rank extends number, K extends number> = Rank extends 3 ? ["C", "H", "W"][K] : Rank extends 4 ? ["N", "C", "H", "W"][K] : never;

/** "axis 1 (H)" for image ranks, "axis 1" otherwise. */
export type AxisLabel<Rank extends number, K extends number> = [AxisName<Rank, K>] extends [never]
  ? `axis ${K}`
  : `axis ${K} (${AxisName<Rank, K> & string})`;

/**
 * `true` when shapes A and B agree on every axis listed in Axes, else the message for the first
 * axis that differs, e.g. `"concat: axis 1 (H) must match: 7 vs 6"`, or for an axis that one of
 * them lacks. A `number` size agrees with anything (the runtime twin `shapesAgree` checks it).
 */
export type ShapesAgree<Op extends string, A extends Shape, B extends Shape, Axes extends readonly number[]> = Axes extends readonly [
  infer K extends number,
  ...infer Rest extends readonly number[],
]
  ? HasAxis<A, K> extends false
    ? AxisOutOfRange<Op, K, A["length"]>
    : HasAxis<B, K> extends false
      ? AxisOutOfRange<Op, K, B["length"]>
      : CheckAgree<Op, AxisLabel<A["length"], K>, A[K], B[K]> extends infer R extends string
        ? R
        : ShapesAgree<Op, A, B, Rest>
  : true;

/** K is an index of S; `boolean` (not provably absent) when S's rank is only known at run time. */
type HasAxis<S extends Shape, K extends number> = number extends S["length"] ? boolean : `${K}` extends keyof S ? true : false;

/**
 * The parameter type that carries a check: the argument's own type Arg when Check is `true`, else
 * the message, so a mismatch is reported on that argument as TS2345 with the message as its type:
 * `b: OrMessage<Tensor<B>, ShapesAgree<"add", A, B, [0, 1, 2]>>`.
 */
export type OrMessage<Arg, Check> = [Check] extends [true] ? Arg : Exclude<Check, true>;
