import type { ConvTransposeOut } from "../shape/conv-transpose-out.js";
import type { Shape } from "../tensor/shape.js";
import type { BadRank } from "../tensor/messages.js";
import type { CheckAgree, PairOf, SplitImage } from "./common.js";
import type { OutputPaddingTooLarge } from "../messages/shape.js";
import type { CompareDigits } from "../nat/compare-digits.js";
import type { ShowDigits } from "../nat/parse.js";
import type { ParseParams, PositiveChecks } from "../shape/params.js";
import type { FirstMessage } from "./first-message.js";
import type { OptionKeysCheck, OptionOf } from "./options.js";
import type { AxisProblem, AxisResult, DilationOf, PaddingOf, Spatial2d, StrideOf } from "./conv2d.js";

/** PyTorch's ConvTranspose2d hyperparameters. */
export interface ConvTranspose2dOptions {
  readonly stride?: number | readonly [number, number];
  readonly padding?: number | readonly [number, number];
  readonly outputPadding?: number | readonly [number, number];
  readonly dilation?: number | readonly [number, number];
}

/** The keys of ConvTranspose2dOptions, in the order the unknown-option message lists them. */
export type ConvTranspose2dOptionNames = readonly ["stride", "padding", "outputPadding", "dilation"];

type OutputPaddingOf<O> = OptionOf<O, "outputPadding">;

/**
 * The output shape of `convTranspose2d(x, weight, bias, options)`; weight is (inC, outC, kH, kW) as in PyTorch.
 * Checks in planConvTranspose2d's order, as Conv2dShape: x's rank, weight's rank, channels, the hyperparameters on
 * their own (ConvTranspose2dOptionsCheck, reported at `options`), then H and W; InputsOnly and Channels as Conv2dShape's.
 */
export type ConvTranspose2dShape<
  XS extends Shape,
  WS extends Shape,
  O,
  Op extends string = "convTranspose2d",
  InputsOnly extends boolean = false,
  Channels extends boolean = true,
> =
  SplitImage<XS, Op> extends infer Img
    ? Img extends string
      ? Img
      : Img extends { batch: infer B extends number[]; c: infer C; h: infer H extends number; w: infer W extends number }
        ? WS extends readonly [infer IC extends number, infer OC extends number, infer KH extends number, infer KW extends number]
          ? (Channels extends true ? CheckAgree<Op, "weight axis 0 (inC) and x's channel axis", IC, C> : true) extends infer Problem extends string
            ? Problem
            : InputsOnly extends true
              ? true
              : ConvTranspose2dOptionsCheck<O, Op> extends infer Problem extends string
                ? Problem
                : Spatial2d<
                    [...B, OC],
                    AxisResult<
                      ConvTransposeOut<
                        H,
                        KH,
                        PairOf<StrideOf<O>, 1>[0],
                        PairOf<PaddingOf<O>, 0>[0],
                        PairOf<OutputPaddingOf<O>, 0>[0],
                        PairOf<DilationOf<O>, 1>[0],
                        Op,
                        "H"
                      >
                    >,
                    AxisResult<
                      ConvTransposeOut<
                        W,
                        KW,
                        PairOf<StrideOf<O>, 1>[1],
                        PairOf<PaddingOf<O>, 0>[1],
                        PairOf<OutputPaddingOf<O>, 0>[1],
                        PairOf<DilationOf<O>, 1>[1],
                        Op,
                        "W"
                      >
                    >
                  >
          : number extends WS["length"]
            ? InputsOnly extends true
              ? true
              : ConvTranspose2dOptionsCheck<O, Op> extends infer Problem extends string
                ? Problem
                : [...B, number, number, number]
            : BadRank<Op, "weight", "(inC, outC, kH, kW)", WS["length"]>
        : never
    : never;

/**
 * `true` when convTranspose2d's hyperparameters are valid on their own, else the message, in the runtime's order
 * (requireConvTranspose2dOptions): axis H then W; on each, stride, padding, output padding and dilation must be
 * natural numbers, stride and dilation positive, and the output padding smaller than the stride or the dilation.
 */
export type ConvTranspose2dOptionsCheck<O, Op extends string = "convTranspose2d"> =
  FirstMessage<
    [
      TransposeOptionsCheck<
        PairOf<StrideOf<O>, 1>[0],
        PairOf<PaddingOf<O>, 0>[0],
        PairOf<OutputPaddingOf<O>, 0>[0],
        PairOf<DilationOf<O>, 1>[0],
        Op,
        "H"
      >,
      TransposeOptionsCheck<
        PairOf<StrideOf<O>, 1>[1],
        PairOf<PaddingOf<O>, 0>[1],
        PairOf<OutputPaddingOf<O>, 0>[1],
        PairOf<DilationOf<O>, 1>[1],
        Op,
        "W"
      >,
    ]
  > extends infer Problem extends string
    ? Problem
    : true;

type TransposeOptionsCheck<S, P, OP, D, Op extends string, Axis extends string> = S extends unknown
  ? P extends unknown
    ? OP extends unknown
      ? D extends unknown
        ? ParseParams<[[S, "stride"], [P, "padding"], [OP, "output padding"], [D, "dilation"]], Op, Axis> extends infer R
          ? R extends [infer DS, unknown, infer DOP, infer DD]
            ? PositiveChecks<[1], DS, DD, Op, Axis> extends infer E extends string
              ? E
              : OutputPaddingCheck<DOP, DS, DD, Op, Axis>
            : R
          : never
        : never
      : never
    : never
  : never;

/** PyTorch: output padding must be smaller than either stride or dilation (ConvTransposeOut's rule, on the options alone). */
type OutputPaddingCheck<DOP, DS, DD, Op extends string, Axis extends string> = DOP extends []
  ? true
  : number extends DOP | DS | DD
    ? true
    : CompareDigits<DOP, DS> extends "lt"
      ? true
      : CompareDigits<DOP, DD> extends "lt"
        ? true
        : OutputPaddingTooLarge<Op, Axis, ShowDigits<DOP>, ShowDigits<DS>, ShowDigits<DD>>;

/** The options argument's check: unknown keys first, then the values (ConvTranspose2dOptionsCheck). */
export type ConvTranspose2dOptionsGuard<Op extends string, O> = FirstMessage<
  [OptionKeysCheck<Op, O, ConvTranspose2dOptionNames>, ConvTranspose2dOptionsCheck<O, Op>]
>;

/**
 * The weight's spatial checks once ranks and channels pass (ConvTranspose2dWeightGuard), then `Then` (the dtype), as
 * Conv2dSpatialGuard: H then W, each its own alias, so an axis tsc cannot decide prints as
 * `ConvTransposeAxisFits<"convTranspose2d", "H", H, 2, { readonly stride: 2; }>`.
 */
export type ConvTranspose2dSpatialGuard<XS extends Shape, WS extends Shape, O, Op extends string, Then> = [
  ConvTranspose2dOptionsCheck<O, Op>,
] extends [true]
  ? SplitImage<XS, Op> extends { h: infer H extends number; w: infer W extends number }
    ? WS extends readonly [unknown, unknown, infer KH extends number, infer KW extends number]
      ? ConvTransposeAxisFitsThen<Op, "H", H, KH, O, ConvTransposeAxisFitsThen<Op, "W", W, KW, O, Then>>
      : Then
    : Then
  : Then;

/** One axis of convTranspose2d(x, weight, O) as a guard part: `unknown`, else ConvTransposeOut's sentence. */
export type ConvTransposeAxisFits<Op extends string, Axis extends "H" | "W", H extends number, K extends number, O> = [
  AxisProblem<TransposeAxisOf<Op, Axis, H, K, O>>,
] extends [never]
  ? unknown
  : AxisProblem<TransposeAxisOf<Op, Axis, H, K, O>>;

/** ConvTransposeAxisFits followed by the checks after it (Then), as MustMatchThen. */
export type ConvTransposeAxisFitsThen<Op extends string, Axis extends "H" | "W", H extends number, K extends number, O, Then> = [unknown] extends [
  Then,
]
  ? ConvTransposeAxisFits<Op, Axis, H, K, O>
  : ConvTransposeAxisThen<Op, Axis, H, K, O, Then>;

/** `Then` once the axis fits, else its sentence; one name where tsc cannot decide it. */
export type ConvTransposeAxisThen<Op extends string, Axis extends "H" | "W", H extends number, K extends number, O, Then> = [
  AxisProblem<TransposeAxisOf<Op, Axis, H, K, O>>,
] extends [never]
  ? Then
  : AxisProblem<TransposeAxisOf<Op, Axis, H, K, O>>;

type TransposeAxisOf<Op extends string, Axis extends "H" | "W", H extends number, K extends number, O> = AxisResult<
  ConvTransposeOut<
    H,
    K,
    PairOf<StrideOf<O>, 1>[Axis extends "H" ? 0 : 1],
    PairOf<PaddingOf<O>, 0>[Axis extends "H" ? 0 : 1],
    PairOf<OutputPaddingOf<O>, 0>[Axis extends "H" ? 0 : 1],
    PairOf<DilationOf<O>, 1>[Axis extends "H" ? 0 : 1],
    Op,
    Axis
  >
>;
