import type { Shape } from "../tensor/shape.js";
import type { AxisMismatch, BadRank } from "../tensor/messages.js";

/** A hyperparameter given as one number for both axes or as `[h, w]`; absent means `Default`. */
export type PairOf<V, Default extends number> = V extends number
  ? [V, V]
  : V extends readonly [infer A extends number, infer B extends number]
    ? [A, B]
    : [Default, Default];

/** Two sizes agree unless both are literals and differ: `number` sizes are checked at run time. */
export type Agree<A, B> = number extends A ? true : number extends B ? true : [A] extends [B] ? ([B] extends [A] ? true : false) : false;

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

/** Checks two sizes agree, naming both sides in the message. */
export type CheckAgree<Op extends string, What extends string, A, B> = Agree<A, B> extends true
  ? true
  : AxisMismatch<Op, What, A & number, B & number>;
