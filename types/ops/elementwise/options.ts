import type { FirstMessage } from "../first-message.js";
import type { OptionKeysCheck, OptionOf } from "../options.js";
import type { ClampNeedsBound, DropoutProbability } from "./messages.js";

/** `gelu`'s options, as torch.nn.functional.gelu: the exact erf form (default) or the tanh approximation. */
export interface GeluOptions {
  readonly approximate?: "none" | "tanh";
}
/** The option keys gelu accepts, in the order the unknown-option message lists them. */
export type GeluOptionNames = readonly ["approximate"];

/** `leakyRelu`'s options, as torch.nn.functional.leaky_relu (`negative_slope`, default 0.01). */
export interface LeakyReluOptions {
  readonly negativeSlope?: number;
}
/** The option keys leakyRelu accepts, in the order the unknown-option message lists them. */
export type LeakyReluOptionNames = readonly ["negativeSlope"];

/** `softplus`'s options, as torch.nn.functional.softplus (`beta` 1, `threshold` 20). */
export interface SoftplusOptions {
  readonly beta?: number;
  readonly threshold?: number;
}
/** The option keys softplus accepts, in the order the unknown-option message lists them. */
export type SoftplusOptionNames = readonly ["beta", "threshold"];

/** `elu`'s options, as torch.nn.functional.elu (`alpha` 1). */
export interface EluOptions {
  readonly alpha?: number;
}
/** The option keys elu accepts, in the order the unknown-option message lists them. */
export type EluOptionNames = readonly ["alpha"];

/** `clamp`'s bounds, as torch.clamp: at least one of them. */
export interface ClampOptions {
  readonly min?: number;
  readonly max?: number;
}
/** The option keys clamp accepts, in the order the unknown-option message lists them. */
export type ClampOptionNames = readonly ["min", "max"];

/** `dropout`'s options, as torch.nn.functional.dropout (`p` 0.5, `training` true), plus the mask's seed. */
export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1]. Default 0.5. */
  readonly p?: number;
  /** Identity when false (PyTorch's eval mode). Default true. */
  readonly training?: boolean;
  /** Seed of the mask: same seed, same mask, on every platform. */
  readonly seed: number;
}
/** The option keys dropout accepts, in the order the unknown-option message lists them. */
export type DropoutOptionNames = readonly ["p", "training", "seed"];

/** The parameter-type part of `clamp`'s options: an unknown key first, then a missing bound. */
export type ClampGuard<O> = FirstMessage<
  [OptionKeysCheck<"clamp", O, ClampOptionNames>, "min" extends keyof O ? true : "max" extends keyof O ? true : ClampNeedsBound]
>;

/**
 * `true` when a literal probability lies in [0, 1] (decided on its decimal text: no sign, and "0", "1", "0.…" or a
 * tiny "…e-…"), else the message; a `number` is checked at run time.
 */
export type ProbabilityCheck<P> = P extends number
  ? number extends P
    ? true
    : `${P}` extends `-${string}`
      ? DropoutProbability<P>
      : `${P}` extends "0" | "1" | `0.${string}` | `${string}e-${string}`
        ? true
        : DropoutProbability<P>
  : true;

/** The parameter-type part of `dropout`'s options: an unknown key first, then `p` out of [0, 1]. */
export type DropoutGuard<O> = FirstMessage<[OptionKeysCheck<"dropout", O, DropoutOptionNames>, ProbabilityCheck<OptionOf<O, "p", 0.5>>]>;
