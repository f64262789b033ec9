import type { Lt } from "../../nat/lt.js";
import type { Lte } from "../../nat/lte.js";
import type { NormalizeAxis } from "../../shape/axis.js";
import type { Shape } from "../../tensor/shape.js";
import type { AllNumbers, RemoveAt } from "./common.js";
import type { SelectIndex } from "./messages.js";

/**
 * The shape of `select(x, dim, index)` (PyTorch's `x.select(dim, index)`, `x[:, index]`): x without axis dim. The
 * first message, in the runtime's order (`selectPlan`): the axis, then the index, which must lie in [-size, size)
 * ("select: index 5 is out of range for axis 1 of size 5"); proved when the size and index are literals, else
 * checked at run time.
 */
export type SelectShape<Op extends string, S extends Shape, A extends number, I extends number> = number extends S["length"]
  ? number[]
  : NormalizeAxis<Op, S["length"], A> extends infer K
    ? K extends string
      ? K
      : number extends K
        ? RemoveAt<AllNumbers<S>, 0>
        : SelectIndexCheck<Op, S, A, I> extends infer M extends string
          ? M
          : RemoveAt<S, K & number>
    : never;

/** The check reported at `index`: `true`, or its message (an axis out of range is reported at `dim`). */
export type SelectIndexCheck<Op extends string, S extends Shape, A extends number, I extends number> = number extends S["length"]
  ? true
  : NormalizeAxis<Op, S["length"], A> extends infer K extends number
    ? number extends K | S[K] | I
      ? true
      : InAxis<S[K], I> extends true
        ? true
        : SelectIndex<Op, I, K, S[K]>
    : true;

/** An integer index in [-size, size). */
type InAxis<Size extends number, I extends number> = `${I}` extends `-${infer M extends number}`
  ? `${M}` extends `${bigint}`
    ? Lte<M, Size>
    : false
  : `${I}` extends `${bigint}`
    ? Lt<I, Size>
    : false;
