import type { DivModDigits } from "../../nat/divmod-digits.js";
import type { BinaryOperands } from "../../nat/operands.js";
import type { DigitsToNumber } from "../../nat/parse.js";
import type { Mul } from "../../nat/mul.js";
import type { Shape } from "../../tensor/shape.js";
import type { ShapeText } from "../../tensor/shape-text.js";
import type { Product } from "./common.js";
import type { ReshapeBadDim, ReshapeCannotSplit, ReshapeCountMismatch, ReshapeTwoInferred } from "./messages.js";

/**
 * The shape of `reshape(x, shape)` (and `view`): `shape` with its one -1 inferred. The element counts are compared
 * with one exact digit product per shape (`Product`, then one long division for a -1); a `number` size on
 * either side defers the count check to run time (a -1 then becomes `number`). The messages, in the runtime's
 * order (`reshapeShape`): a target size that is neither natural nor -1, a second -1, then the counts, e.g.
 * "reshape: shape [4, 5] has 20 elements but x has 24" or "reshape: 24 elements cannot be split into [-1, 5]".
 * A union of targets (`cond ? [-1, 3] : [3, 2]`) is resolved one target at a time, so no -1 stays in a result.
 */
export type ReshapeShape<Op extends string, S extends Shape, T extends Shape> = T extends unknown
  ? number extends T["length"]
    ? number[]
    : ScanTarget<Op, T, [], 1, false> extends infer Scan
      ? Scan extends string
        ? Scan
        : Scan extends { known: infer Q; hole: infer Hole }
          ? Resolve<Op, Product<S>, Q, Hole, T>
          : never
      : never
  : never;

/** Text of a number literal that is not a natural number. */
type NotNaturalText = `-${string}` | `${string}.${string}` | `${string}e${string}` | "Infinity" | "NaN";

/**
 * One step per target axis: the product of the sizes other than -1 (`number` once one is; Mul's overflow message
 * past 2^53 - 1, as the runtime), and whether a -1 was seen.
 */
type ScanTarget<Op extends string, T extends Shape, I extends unknown[], Q, Hole extends boolean> = Q extends string
  ? Q
  : T extends readonly [infer X extends number, ...infer R extends Shape]
    ? number extends X
      ? ScanTarget<Op, R, [...I, 0], number, Hole>
      : `${X}` extends "-1"
        ? Hole extends true
          ? ReshapeTwoInferred<Op>
          : ScanTarget<Op, R, [...I, 0], Q, true>
        : `${X}` extends NotNaturalText
          ? ReshapeBadDim<Op, I["length"], `${X}`>
          : ScanTarget<Op, R, [...I, 0], number extends Q ? number : Q extends 1 ? X : Mul<Q & number, X>, Hole>
    : { known: Q; hole: Hole };

type Resolve<Op extends string, P, Q, Hole, T extends Shape> = P extends string
  ? P
  : Q extends string
    ? Q
    : Hole extends true
      ? number extends P | Q
        ? FillHole<T, number>
        : Q extends 0
          ? ReshapeCannotSplit<Op, P & number, ShapeText<T>>
          : ExactQuotient<P & number, Q & number> extends infer V extends number
            ? FillHole<T, V>
            : ReshapeCannotSplit<Op, P & number, ShapeText<T>>
      : number extends P | Q
        ? { -readonly [I in keyof T]: T[I] }
        : Q extends P
          ? { -readonly [I in keyof T]: T[I] }
          : ReshapeCountMismatch<Op, ShapeText<T>, Q & number, P & number>;

/** P / Q when Q divides P, else `false`: one long division (`DivModDigits`) gives both quotient and remainder. */
type ExactQuotient<P extends number, Q extends number> =
  BinaryOperands<P, Q, "FloorDiv"> extends [infer DP, infer DQ]
    ? DivModDigits<DP, DQ> extends [infer Quotient, infer Remainder]
      ? Remainder extends []
        ? DigitsToNumber<Quotient>
        : false
      : false
    : false;

/** T with its -1 replaced by V. */
type FillHole<T extends Shape, V extends number> = { -readonly [I in keyof T]: T[I] extends -1 ? V : T[I] };
