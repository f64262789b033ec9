import type { AddDigits } from "../nat/add-digits.js";
import type { CompareDigits } from "../nat/compare-digits.js";
import type { MulDigits } from "../nat/mul-digits.js";
import type { DigitsToNumber, FitsSafe, ParseNat, ShowDigits } from "../nat/parse.js";
import type { SubDigits } from "../nat/sub-digits.js";
import type { NotPositive, OutputTooLarge } from "../messages/shape.js";

// Plumbing shared by the shape formulas. They work on digit tuples from start to finish and
// convert once at the end: cheaper than chaining the public Add/Sub/Mul, which would parse
// and print every intermediate value.

/**
 * Validates the geometry parameters, given as [value, name] pairs, in order: the first error
 * message wins (an incoming message is passed through); else the tuple of their digit tuples,
 * with `number` left in place of a parameter that is `number` (see Wide). Tail-recursive.
 */
export type ParseParams<Ps, Op extends string, Axis extends string, Acc extends unknown[] = []> = Ps extends [
  [infer V, infer Name extends string],
  ...infer Rest,
]
  ? V extends string
    ? V
    : V extends number
      ? ParseNat<V, `${Op}: axis ${Axis}: ${Name}`> extends infer D
        ? D extends string
          ? D
          : ParseParams<Rest, Op, Axis, [...Acc, D]>
        : never
      : never
  : Acc;

/**
 * True when a parsed parameter is `number`: the checks that only need the literal ones have run
 * (so `ConvOut<9, 0, number>` is still the kernel-size message), and the size is `number`.
 */
export type Wide<Parsed extends unknown[]> = number extends Parsed[number] ? true : false;

/**
 * The input size H as digits, its message, or `number`. Checked after the same-padding shortcut.
 * 0 is an error, as in PyTorch (zero-size spatial input is rejected), with NotPositive's sentence.
 */
export type ParseInput<H, Op extends string, Axis extends string> = H extends string
  ? H
  : H extends number
    ? ParseNat<H, `${Op}: axis ${Axis}: input size`> extends infer DH
      ? DH extends []
        ? NotPositive<Op, Axis, "input size", 0>
        : DH
      : never
    : never;

/**
 * Kernel size, stride and dilation must be positive (PyTorch checks them before anything else).
 * A `number` parameter is not `[]`, so it passes here.
 */
export type PositiveChecks<DK, DS, DD, Op extends string, Axis extends string> = DK extends []
  ? NotPositive<Op, Axis, "kernel size", 0>
  : DS extends []
    ? NotPositive<Op, Axis, "stride", 0>
    : DD extends []
      ? NotPositive<Op, Axis, "dilation", 0>
      : null;

/** Same padding: stride 1, dilation 1 and K = 2P + 1 give H + 2P - 2P - 1 + 1 = H. */
export type IsSamePadding<DK, DS, DP, DD> = DS extends [1]
  ? DD extends [1]
    ? [DK] extends [AddDigits<AddDigits<DP, DP>, [1]>]
      ? true
      : false
    : false
  : false;

/** Dilated kernel D(K - 1) + 1, for K >= 1. */
export type EffectiveKernel<DK, DD> = AddDigits<MulDigits<DD, SubDigits<DK, [1]>>, [1]>;

/** H + 2P. */
export type PaddedInput<DH, DP> = DP extends [] ? DH : AddDigits<DH, AddDigits<DP, DP>>;

/** A > B on digit tuples. */
export type Greater<A, B> = CompareDigits<A, B> extends "gt" ? true : false;

/** A final size as a number literal, or OutputTooLarge past 2^53 - 1. */
export type SizeResult<D, Op extends string, Axis extends string> = D extends unknown[]
  ? FitsSafe<D> extends true
    ? DigitsToNumber<D>
    : OutputTooLarge<Op, Axis, ShowDigits<D>>
  : never;
