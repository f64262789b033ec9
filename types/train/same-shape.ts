import type { Shape } from "../tensor/shape.js";
import type { ShapeMismatch, ShapeText } from "./messages.js";

/** Whether X is exactly Y, decided without resolving either (so a generic shape `S` or `[N]` is exactly itself). */
type Same<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** True when every dim of S is a number literal and its rank is known: then ShapeText prints it exactly. */
type IsLiteralShape<S extends Shape> = number extends S["length"] ? false : number extends S[number] ? false : true;

/**
 * A loss's target shape check, the type twin of `checkSameShape` (src/train/losses/common.ts): `true`, or the
 * sentence the run time throws when both shapes are literal and differ. When a dim or the rank is only known as
 * `number`, shapes that could still agree pass (the run time decides); shapes that cannot are the same sentence
 * with `${number}` where a dim is unknown. Identical shape types (a generic `S` against itself) agree first.
 */
export type SameShapeCheck<Op extends string, Arg extends string, Got extends Shape, Ref extends string, Want extends Shape> =
  Same<Got, Want> extends true
    ? true
    : [IsLiteralShape<Got>, IsLiteralShape<Want>] extends [true, true]
      ? ShapeText<Got> extends ShapeText<Want>
        ? true
        : ShapeMismatch<Op, Arg, ShapeText<Got>, Ref, ShapeText<Want>>
      : [Got] extends [Want]
        ? true
        : [Want] extends [Got]
          ? true
          : ShapeMismatch<Op, Arg, ShapeText<Got>, Ref, ShapeText<Want>>;
