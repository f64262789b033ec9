import type { KernelTooLarge } from "../messages/shape.js";
import type { DivModDigits } from "../nat/divmod-digits.js";
import type { NatOrError } from "../nat/error.js";
import type { ShowDigits } from "../nat/parse.js";
import type { AddDigits } from "../nat/add-digits.js";
import type { SubDigits } from "../nat/sub-digits.js";
import type { EffectiveKernel, Greater, IsSamePadding, PaddedInput, ParseInput, ParseParams, PositiveChecks, SizeResult, Wide } from "./params.js";

/**
 * Output size of a convolution along one axis, as PyTorch computes it:
 * floor((H + 2P - D(K - 1) - 1) / S) + 1.
 *
 * Order of decisions (so that a generic H still works): K, S, P, D are validated first (the
 * first error message wins), then zero kernel/stride/dilation (reported even when another
 * parameter is `number`); then `number` if one of them is `number`; then same padding
 * (S = D = 1, K = 2P + 1) returns H itself, unvalidated, even when H is a type parameter; only
 * then is H looked at: a message passes through, `number` gives `number`, and a dilated kernel
 * larger than the padded input is an error.
 * An input size of 0 is an error (NotPositive "input size"), as PyTorch rejects empty spatial input.
 * Difference from the runtime twin: under same padding H is returned unvalidated, so a literal 0
 * gives 0 there. It cannot be told apart from a generic H without deferring the result (every
 * conditional on a type parameter is deferred), which would lose `ConvOut<H, 3, 1, 1> = H`;
 * src/shape's convOut throws for 0 in every case.
 * Op and Axis only appear in messages. Unions in K, S, P, D and H distribute.
 */
export type ConvOut<
  H extends NatOrError,
  K extends NatOrError,
  S extends NatOrError = 1,
  P extends NatOrError = 0,
  D extends NatOrError = 1,
  Op extends string = "conv2d",
  Axis extends string = "H",
> = K extends unknown
  ? S extends unknown
    ? P extends unknown
      ? D extends unknown
        ? ParseParams<[[K, "kernel size"], [S, "stride"], [P, "padding"], [D, "dilation"]], Op, Axis> extends infer R
          ? R extends [infer DK, infer DS, infer DP, infer DD]
            ? PositiveChecks<DK, DS, DD, Op, Axis> extends infer E extends string
              ? E
              : Wide<R> extends true
                ? number
                : IsSamePadding<DK, DS, DP, DD> extends true
                  ? H
                  : ConvSize<H, ParseInput<H, Op, Axis>, DK, DS, DP, DD, Op, Axis>
            : R
          : never
        : never
      : never
    : never
  : never;

// biome-ignore lint/correctness/noUnusedVariables: H keeps the parameter list parallel to the call sites' axis arguments.
type ConvSize<H, DH, DK, DS, DP, DD, Op extends string, Axis extends string> = DH extends unknown[]
  ? [EffectiveKernel<DK, DD>, PaddedInput<DH, DP>] extends [infer Eff, infer Padded]
    ? Greater<Eff, Padded> extends true
      ? KernelTooLarge<Op, Axis, ShowDigits<Eff>, ShowDigits<Padded>>
      : SizeResult<AddDigits<DivModDigits<SubDigits<Padded, Eff>, DS>[0], [1]>, Op, Axis>
    : never
  : DH; // a message or `number`
