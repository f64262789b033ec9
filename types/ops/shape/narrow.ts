import type { Add } from "../../nat/add.js";
import type { Lte } from "../../nat/lte.js";
import type { ParseNat } from "../../nat/parse.js";
import type { Sub } from "../../nat/sub.js";
import type { NormalizeAxis } from "../../shape/axis.js";
import type { Shape } from "../../tensor/shape.js";
import type { AllNumbers, ReplaceAt } from "./common.js";
import type { NarrowPastEnd, NarrowStart } from "./messages.js";

/**
 * The shape of `narrow(x, dim, start, length)`: axis dim becomes `length` long. `start` is in [-size, size]
 * (negative counting from the end) and start + length must not pass the end; proved when the size, start and
 * length are literals, else checked at run time. The first message, in the runtime's order (`narrowPlan`): the
 * axis, then start ("narrow: start 5 is out of range for axis 1 of size 4"), then length ("narrow: length must be
 * a natural number, got -1", "narrow: start 2 + length 3 exceeds axis 1 of size 4").
 */
export type NarrowShape<Op extends string, S extends Shape, A extends number, St extends number, L extends number> = number extends S["length"]
  ? number[]
  : NormalizeAxis<Op, S["length"], A> extends infer K
    ? K extends string
      ? K
      : number extends K
        ? AllNumbers<S>
        : NarrowStartCheck<Op, S, A, St> extends infer M extends string
          ? M
          : NarrowLengthCheck<Op, S, A, St, L> extends infer M extends string
            ? M
            : ReplaceAt<S, K & number, L>
    : never;

/** The check reported at `start`: `true` or its message (an axis out of range is reported at `dim`). */
export type NarrowStartCheck<Op extends string, S extends Shape, A extends number, St extends number> =
  Window<Op, S, A, St> extends infer W ? (W extends string ? W : true) : never;

/** The check reported at `length`: a natural number that does not pass the axis's end. */
export type NarrowLengthCheck<Op extends string, S extends Shape, A extends number, St extends number, L extends number> =
  LengthProblem<Op, S, A, St, L> extends infer M ? (M extends string ? M : true) : never;

/** The length's message, or 0. */
type LengthProblem<Op extends string, S extends Shape, A extends number, St extends number, L extends number> =
  ParseNat<L, `${Op}: length`> extends infer M
    ? M extends string
      ? M
      : Window<Op, S, A, St> extends { k: infer K extends number; size: infer Size extends number; start: infer I extends number }
        ? number extends Size | I | L
          ? 0
          : Lte<Add<I, L>, Size> extends true
            ? 0
            : NarrowPastEnd<Op, I, L, K, Size>
        : 0
    : never;

/** The axis, its size and the start counted from the front; the start's message; or `true` when the axis is not known. */
type Window<Op extends string, S extends Shape, A extends number, St extends number> = number extends S["length"]
  ? true
  : NormalizeAxis<Op, S["length"], A> extends infer K
    ? K extends number
      ? number extends K
        ? true
        : StartIndex<Op, S[K], St, K> extends infer I
          ? I extends string
            ? I
            : { k: K; size: S[K]; start: I }
          : never
      : true
    : never;

/** A start in [-size, size] counted from the front, or the message; `number` when either is unknown. */
type StartIndex<Op extends string, Size extends number, St extends number, K extends number> = number extends Size | St
  ? number
  : `${St}` extends `-${infer M extends number}`
    ? Lte<M, Size> extends true
      ? Sub<Size, M>
      : NarrowStart<Op, St, K, Size>
    : Lte<St, Size> extends true
      ? St
      : NarrowStart<Op, St, K, Size>;
