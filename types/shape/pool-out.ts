import type { KernelTooLarge, PadTooLarge } from "../messages/shape.js";
import type { AddDigits } from "../nat/add-digits.js";
import type { CompareDigits } from "../nat/compare-digits.js";
import type { DivModDigits } from "../nat/divmod-digits.js";
import type { NatOrError } from "../nat/error.js";
import type { MulDigits } from "../nat/mul-digits.js";
import type { ShowDigits } from "../nat/parse.js";
import type { SubDigits } from "../nat/sub-digits.js";
import type { EffectiveKernel, Greater, IsSamePadding, PaddedInput, ParseInput, ParseParams, PositiveChecks, SizeResult, Wide } from "./params.js";

/**
 * Output size of max/avg pooling along one axis, as PyTorch computes it:
 * floor mode: floor((H + 2P - D(K - 1) - 1) / S) + 1;
 * ceil mode:  ceil(...) + 1, minus 1 when (out - 1) * S >= H + P (the last window must start
 * inside the input or the left padding).
 * Errors: zero kernel/stride/dilation, P > floor(K / 2), an input size of 0, no window fits.
 * Decision order and `number` handling as in ConvOut (same padding returns H).
 * `Ceil = boolean` distributes into both results.
 */
export type PoolOut<
  H extends NatOrError,
  K extends NatOrError,
  S extends NatOrError = K,
  P extends NatOrError = 0,
  D extends NatOrError = 1,
  Ceil extends boolean = false,
  Op extends string = "maxPool2d",
  Axis extends string = "H",
> = K extends unknown
  ? S extends unknown
    ? P extends unknown
      ? D extends unknown
        ? ParseParams<[[K, "kernel size"], [S, "stride"], [P, "padding"], [D, "dilation"]], Op, Axis> extends infer R
          ? R extends [infer DK, infer DS, infer DP, infer DD]
            ? PositiveChecks<DK, DS, DD, Op, Axis> extends infer E extends string
              ? E
              : PadCheck<DK, DP, Op, Axis> extends infer E2 extends string
                ? E2
                : Wide<R> extends true
                  ? number
                  : IsSamePadding<DK, DS, DP, DD> extends true
                    ? H
                    : PoolSize<H, ParseInput<H, Op, Axis>, DK, DS, DP, DD, Ceil, Op, Axis>
            : R
          : never
        : never
      : never
    : never
  : never;

/** PyTorch: padding at most half the kernel size. */
type PadCheck<DK, DP, Op extends string, Axis extends string> = DP extends []
  ? null
  : number extends DK | DP
    ? null
    : Greater<DP, DivModDigits<DK, [2]>[0]> extends true
      ? PadTooLarge<Op, Axis, ShowDigits<DP>, ShowDigits<DK>>
      : null;

// biome-ignore lint/correctness/noUnusedVariables: H keeps the parameter list parallel to the call sites' axis arguments.
type PoolSize<H, DH, DK, DS, DP, DD, Ceil, Op extends string, Axis extends string> = DH extends unknown[]
  ? [EffectiveKernel<DK, DD>, PaddedInput<DH, DP>] extends [infer Eff, infer Padded]
    ? (Ceil extends true ? AddDigits<Padded, SubDigits<DS, [1]>> : Padded) extends infer Num
      ? Greater<Eff, Num> extends true
        ? KernelTooLarge<Op, Axis, ShowDigits<Eff>, ShowDigits<Padded>>
        : DivModDigits<SubDigits<Num, Eff>, DS>[0] extends infer Q
          ? Ceil extends true
            ? CompareDigits<MulDigits<Q, DS>, AddDigits<DH, DP>> extends "lt"
              ? SizeResult<AddDigits<Q, [1]>, Op, Axis>
              : SizeResult<Q, Op, Axis> // Q > 0 here: Q = 0 starts at 0 < H + P, as H >= 1
            : SizeResult<AddDigits<Q, [1]>, Op, Axis>
          : never
      : never
    : never
  : DH;
