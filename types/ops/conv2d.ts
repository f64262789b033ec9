import type { ConvOut } from "../shape/conv-out.js";
import type { IsSamePadding as IsSamePaddingDigits, ParseParams, PositiveChecks } from "../shape/params.js";
import type { Shape } from "../tensor/shape.js";
import type { BadRank } from "../tensor/messages.js";
import type { CheckAgree, PairOf, SplitImage } from "./common.js";
import type { FirstMessage } from "./first-message.js";
import type { OptionKeysCheck, OptionOf } from "./options.js";

/** PyTorch's Conv2d hyperparameters: each one number for both axes or `[h, w]`. */
export interface Conv2dOptions {
  readonly stride?: number | readonly [number, number];
  readonly padding?: number | readonly [number, number];
  readonly dilation?: number | readonly [number, number];
}

/** The keys of Conv2dOptions, in the order the unknown-option message lists them. */
export type Conv2dOptionNames = readonly ["stride", "padding", "dilation"];

/**
 * The output shape of `conv2d(x, weight, bias, options)`, or the message saying why there is none.
 * x is (C, H, W) or (N, C, H, W); weight (outC, inC, kH, kW); output keeps x's batch axis.
 * Checks in the runtime's order (planConv2d): x's rank, weight's rank, channels, the hyperparameters on their own
 * (Conv2dOptionsCheck, reported at `options`), then H and W; with InputsOnly, `true` after the channels; with
 * Channels false, the channels are left to the caller (Conv2dWeightGuard checks the ranks with both flags, then the
 * channels with MustMatchThen, then Conv2dSpatialGuard). (The `never` branches are unreachable: `extends infer` always matches, and SplitImage only
 * produces the shapes tested for.) Empty tensors are a run-time check only: a test for a
 * literal 0 would stay deferred on generic dims (`Tensor<[3, H, W]>`).
 */
export type Conv2dShape<
  XS extends Shape,
  WS extends Shape,
  O,
  Op extends string = "conv2d",
  InputsOnly extends boolean = false,
  Channels extends boolean = true,
> =
  SplitImage<XS, Op> extends infer Img
    ? Img extends string
      ? Img
      : Img extends { batch: infer B extends number[]; c: infer C; h: infer H extends number; w: infer W extends number }
        ? WS extends readonly [infer OC extends number, infer IC extends number, infer KH extends number, infer KW extends number]
          ? (Channels extends true ? CheckAgree<Op, "weight axis 1 (inC) and x's channel axis", IC, C> : true) extends infer Problem extends string
            ? Problem
            : InputsOnly extends true
              ? true
              : Conv2dOptionsCheck<O, Op> extends infer Problem extends string
                ? Problem
                : Spatial2d<
                    [...B, OC],
                    ConvAxis<H, KH, PairOf<StrideOf<O>, 1>[0], PairOf<PaddingOf<O>, 0>[0], PairOf<DilationOf<O>, 1>[0], Op, "H">,
                    ConvAxis<W, KW, PairOf<StrideOf<O>, 1>[1], PairOf<PaddingOf<O>, 0>[1], PairOf<DilationOf<O>, 1>[1], Op, "W">
                  >
          : number extends WS["length"]
            ? InputsOnly extends true
              ? true
              : Conv2dOptionsCheck<O, Op> extends infer Problem extends string
                ? Problem
                : [...B, number, number, number]
            : BadRank<Op, "weight", "(outC, inC, kH, kW)", WS["length"]>
        : never
    : never;

/**
 * `true` when conv2d's hyperparameters are valid on their own, else the message, in the runtime's order
 * (requireConv2dOptions): axis H then W; on each, stride, padding and dilation must be natural numbers, then stride
 * and dilation positive. The same sentences as ConvOut's, which also checks them, after the kernel size. A `number`
 * value passes (checked at run time); a union value fails when one of its members does.
 */
export type Conv2dOptionsCheck<O, Op extends string = "conv2d"> =
  FirstMessage<
    [
      WindowOptionsCheck<PairOf<StrideOf<O>, 1>[0], PairOf<PaddingOf<O>, 0>[0], PairOf<DilationOf<O>, 1>[0], Op, "H">,
      WindowOptionsCheck<PairOf<StrideOf<O>, 1>[1], PairOf<PaddingOf<O>, 0>[1], PairOf<DilationOf<O>, 1>[1], Op, "W">,
    ]
  > extends infer Problem extends string
    ? Problem
    : true;

/** One axis's stride, padding and dilation: `true`, or the first message (ParseParams', then PositiveChecks'). */
export type WindowOptionsCheck<S, P, D, Op extends string, Axis extends string> = S extends unknown
  ? P extends unknown
    ? D extends unknown
      ? ParseParams<[[S, "stride"], [P, "padding"], [D, "dilation"]], Op, Axis> extends infer R
        ? R extends [infer DS, unknown, infer DD]
          ? PositiveChecks<[1], DS, DD, Op, Axis> extends infer E extends string
            ? E
            : true
          : R
        : never
      : never
    : never
  : never;

/** The options argument's check: unknown keys first (requireKnownOptions), then the values (Conv2dOptionsCheck). */
export type Conv2dOptionsGuard<Op extends string, O> = FirstMessage<[OptionKeysCheck<Op, O, Conv2dOptionNames>, Conv2dOptionsCheck<O, Op>]>;

/**
 * One axis's result, boxed: `{ ok: size }` or `{ err: message }`. Boxing lets the shape be assembled without a
 * conditional on the size itself, which tsc would defer for a generic H; the same-padding case is decided on the
 * literal hyperparameters alone, so `conv2d` maps `Tensor<[3, H, W]>` to `Tensor<[4, H, W]>` for generic H and W.
 */
export type AxisResult<Size> = Size extends string ? { err: Size } : { ok: Size };

/** Distributes over union hyperparameters first, so `padding: 0 | 1` is two cases, not "same padding" for both. */
type ConvAxis<
  H extends number,
  K extends number,
  S extends number,
  P extends number,
  D extends number,
  Op extends string,
  Axis extends string,
> = K extends unknown
  ? S extends unknown
    ? P extends unknown
      ? D extends unknown
        ? IsSamePadding<K, S, P, D> extends true
          ? { ok: H }
          : AxisResult<ConvOut<H, K, S, P, D, Op, Axis>>
        : never
      : never
    : never
  : never;

/**
 * ConvOut's same-padding rule (S = D = 1, K = 2P + 1), decided on the literal hyperparameters alone, without
 * looking at H (any `number` or invalid value among them: not provably same padding).
 */
type IsSamePadding<K extends number, S extends number, P extends number, D extends number> = number extends K | S | P | D
  ? false
  : ParseParams<[[K, ""], [S, ""], [P, ""], [D, ""]], "", ""> extends [infer DK, infer DS, infer DP, infer DD]
    ? IsSamePaddingDigits<DK, DS, DP, DD>
    : false;

/** Appends the two spatial sizes, or passes on the first message. */
export type Spatial2d<Lead extends number[], OH, OW> = OH extends { err: infer E }
  ? E
  : OW extends { err: infer E }
    ? E
    : OH extends { ok: infer A extends number }
      ? OW extends { ok: infer B extends number }
        ? [...Lead, A, B]
        : never
      : never;

/** The `stride` option of O (absent: undefined, then PairOf's default). */
export type StrideOf<O> = OptionOf<O, "stride">;
/** The `padding` option of O. */
export type PaddingOf<O> = OptionOf<O, "padding">;
/** The `dilation` option of O. */
export type DilationOf<O> = OptionOf<O, "dilation">;

/**
 * The weight's spatial checks once ranks and channels pass (Conv2dWeightGuard), then `Then` (the dtype): when the
 * hyperparameters are valid on their own (else `options` is the argument reported), H then W, each its own alias
 * (ConvAxisFits), so an axis tsc cannot decide (a generic H through a window that changes the size) prints as
 * `ConvAxisFits<"conv2d", "H", H, 3, {}>`, naming the axis, the kernel size and the options.
 */
export type Conv2dSpatialGuard<XS extends Shape, WS extends Shape, O, Op extends string, Then> = [Conv2dOptionsCheck<O, Op>] extends [true]
  ? SplitImage<XS, Op> extends { h: infer H extends number; w: infer W extends number }
    ? WS extends readonly [unknown, unknown, infer KH extends number, infer KW extends number]
      ? ConvAxisFitsThen<Op, "H", H, KH, O, ConvAxisFitsThen<Op, "W", W, KW, O, Then>>
      : Then
    : Then
  : Then;

/** One axis of conv2d(x, weight, O) as a guard part: `unknown` when its output size is valid, else ConvOut's sentence. */
export type ConvAxisFits<Op extends string, Axis extends "H" | "W", H extends number, K extends number, O> = [
  AxisProblem<ConvAxisOf<Op, Axis, H, K, O>>,
] extends [never]
  ? unknown
  : AxisProblem<ConvAxisOf<Op, Axis, H, K, O>>;

/** ConvAxisFits followed by the checks after it (Then), as MustMatchThen. */
export type ConvAxisFitsThen<Op extends string, Axis extends "H" | "W", H extends number, K extends number, O, Then> = [unknown] extends [Then]
  ? ConvAxisFits<Op, Axis, H, K, O>
  : ConvAxisThen<Op, Axis, H, K, O, Then>;

/** `Then` once the axis fits, else its sentence; one name where tsc cannot decide it. */
export type ConvAxisThen<Op extends string, Axis extends "H" | "W", H extends number, K extends number, O, Then> = [
  AxisProblem<ConvAxisOf<Op, Axis, H, K, O>>,
] extends [never]
  ? Then
  : AxisProblem<ConvAxisOf<Op, Axis, H, K, O>>;

/** The messages of a boxed axis result (AxisResult), `never` when it is a size; distributes over union options. */
export type AxisProblem<R> = R extends { err: infer E } ? E : never;

type ConvAxisOf<Op extends string, Axis extends "H" | "W", H extends number, K extends number, O> = ConvAxis<
  H,
  K,
  PairOf<StrideOf<O>, 1>[Axis extends "H" ? 0 : 1],
  PairOf<PaddingOf<O>, 0>[Axis extends "H" ? 0 : 1],
  PairOf<DilationOf<O>, 1>[Axis extends "H" ? 0 : 1],
  Op,
  Axis
>;
