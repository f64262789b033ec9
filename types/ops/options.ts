import type { FirstMessage } from "./first-message.js";
import type { UnknownOption } from "./messages.js";

/** The option names as the message lists them: `["kernel", "stride"]` → `"kernel, stride"` (lists are short). */
export type JoinNames<Names extends readonly string[]> = Names extends readonly [infer K extends string]
  ? K
  : Names extends readonly [infer K extends string, ...infer Rest extends readonly string[]]
    ? `${K}, ${JoinNames<Rest>}`
    : "";

/**
 * `true` when every key of the options object O is one of Names, else the message naming the unknown key (one
 * message per unknown key; the runtime twin, requireKnownOptions, throws the first in the object's key order).
 * Needed because an options type inferred from the argument (`const O extends Conv2dOptions`) escapes tsc's
 * excess-property check, so `ceil_mode: true` would otherwise be accepted and ignored.
 */
export type OptionKeysCheck<Op extends string, O, Names extends readonly string[]> =
  Exclude<keyof O, Names[number] | symbol> extends infer K extends string | number
    ? [K] extends [never]
      ? true
      : K extends unknown
        ? UnknownOption<Op, `${K}`, JoinNames<Names>>
        : never
    : true;

/** The parameter-type part for an options argument: `unknown`, or the unknown-key message. */
export type OptionsGuard<Op extends string, O, Names extends readonly string[]> = FirstMessage<[OptionKeysCheck<Op, O, Names>]>;

/**
 * The constraint for an inferred options type: T, or T with any other keys. Without the second member an object
 * with no known key at all (`{ paddng: 1 }`) fails tsc's weak-type check against the all-optional T before
 * OptionsGuard runs, and tsc's own "Object literal may only specify known properties" replaces our message.
 */
export type OpenOptions<T> = T | (T & { readonly [key: string]: unknown });

/**
 * O's value for Key, as the shape formulas read it: Absent (the op's default) when O has no such key; the value
 * when O is a literal that sets it; the declared type (without `undefined`) when the key is optional in O, as in a
 * variable typed `Conv2dOptions`, whose value is known only at run time, so the formulas give `number`, never the
 * default's size. A key whose value can only be undefined is absent, as at run time (`options.stride ?? kernel`):
 * `{ kernel: 2, stride: undefined }`, and tsc's `{ padding: 1; stride?: undefined } | { stride: 2; padding?: undefined }`
 * for `c ? { padding: 1 } : { stride: 2 }`, whose alternatives must keep their defaults.
 */
export type OptionOf<O, Key extends string, Absent = undefined> = O extends unknown
  ? Key extends keyof O
    ? [Exclude<O[Key], undefined>] extends [never]
      ? Absent
      : {} extends Pick<O, Key>
        ? Exclude<O[Key], undefined>
        : O[Key]
    : Absent
  : never;
