import type { Lt } from "../nat/lt.js";
import type { Lte } from "../nat/lte.js";
import type { Sub } from "../nat/sub.js";
import type { AxisOutOfRange } from "../tensor/messages.js";

/**
 * PyTorch's dim wrapping: an axis in [-rank, rank), a negative one counting from the end, as a
 * literal in [0, rank); `number` for a `number` axis; the message for anything else.
 */
export type NormalizeAxis<Op extends string, Rank extends number, A extends number> = number extends A
  ? number
  : `${A}` extends `-${infer M extends number}`
    ? Lte<M, Rank> extends true
      ? Sub<Rank, M>
      : AxisOutOfRange<Op, A, Rank>
    : `${A}` extends `${bigint}`
      ? Lt<A, Rank> extends true
        ? A
        : AxisOutOfRange<Op, A, Rank>
      : AxisOutOfRange<Op, A, Rank>;

/** `true` when A is an axis of a tensor of rank Rank (negative counting from the end), else the message; `true` for a `number` rank. */
export type AxisCheck<Op extends string, Rank extends number, A extends number> = number extends Rank
  ? true
  : NormalizeAxis<Op, Rank, A> extends infer K
    ? K extends string
      ? K
      : true
    : never;
