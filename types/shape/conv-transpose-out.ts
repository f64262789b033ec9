import type { OutputPaddingTooLarge, OutputTooSmall } from "../messages/shape.js";
import type { AddDigits } from "../nat/add-digits.js";
import type { CompareDigits } from "../nat/compare-digits.js";
import type { NatOrError } from "../nat/error.js";
import type { MulDigits } from "../nat/mul-digits.js";
import type { ShowDigits } from "../nat/parse.js";
import type { SubDigits } from "../nat/sub-digits.js";
import type { EffectiveKernel, IsSamePadding, ParseInput, ParseParams, PositiveChecks, SizeResult, Wide } from "./params.js";

/**
 * Output size of a transposed convolution along one axis, as PyTorch computes it:
 * (H - 1)S - 2P + D(K - 1) + OP + 1, evaluated as (H*S + D(K-1) + 1 + OP) - (S + 2P) so that
 * every intermediate value is natural. Errors: zero kernel/stride/dilation, output padding
 * not smaller than either stride or dilation, a result <= 0. Decision order and `number`
 * handling as in ConvOut (same padding with OP = 0 returns H).
 */
export type ConvTransposeOut<
  H extends NatOrError,
  K extends NatOrError,
  S extends NatOrError = 1,
  P extends NatOrError = 0,
  OP extends NatOrError = 0,
  D extends NatOrError = 1,
  Op extends string = "convTranspose2d",
  Axis extends string = "H",
> = K extends unknown
  ? S extends unknown
    ? P extends unknown
      ? OP extends unknown
        ? D extends unknown
          ? ParseParams<[[K, "kernel size"], [S, "stride"], [P, "padding"], [OP, "output padding"], [D, "dilation"]], Op, Axis> extends infer R
            ? R extends [infer DK, infer DS, infer DP, infer DOP, infer DD]
              ? PositiveChecks<DK, DS, DD, Op, Axis> extends infer E extends string
                ? E
                : OutputPaddingCheck<DOP, DS, DD, Op, Axis> extends infer E2 extends string
                  ? E2
                  : Wide<R> extends true
                    ? number
                    : IsSamePadding<DK, DS, DP, DD> extends true
                      ? H
                      : TransposeSize<ParseInput<H, Op, Axis>, DK, DS, DP, DOP, DD, Op, Axis>
              : R
            : never
          : never
        : never
      : never
    : never
  : never;

/** PyTorch: output padding must be smaller than either stride or dilation. */
type OutputPaddingCheck<DOP, DS, DD, Op extends string, Axis extends string> = DOP extends []
  ? null
  : number extends DOP | DS | DD
    ? null
    : CompareDigits<DOP, DS> extends "lt"
      ? null
      : CompareDigits<DOP, DD> extends "lt"
        ? null
        : OutputPaddingTooLarge<Op, Axis, ShowDigits<DOP>, ShowDigits<DS>, ShowDigits<DD>>;

type TransposeSize<DH, DK, DS, DP, DOP, DD, Op extends string, Axis extends string> = DH extends unknown[]
  ? [AddDigits<AddDigits<MulDigits<DH, DS>, EffectiveKernel<DK, DD>>, DOP>, AddDigits<DS, AddDigits<DP, DP>>] extends [infer Pos, infer Neg]
    ? CompareDigits<Pos, Neg> extends "gt"
      ? SizeResult<SubDigits<Pos, Neg>, Op, Axis>
      : OutputTooSmall<Op, Axis, ShowDigits<DH>, SubDigits<Neg, Pos> extends [] ? 0 : `-${ShowDigits<SubDigits<Neg, Pos>>}`>
    : never
  : DH;
