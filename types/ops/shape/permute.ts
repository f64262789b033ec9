import type { NormalizeAxis } from "../../shape/axis.js";
import type { Shape } from "../../tensor/shape.js";
import type { ShapeText } from "../../tensor/shape-text.js";
import type { AllNumbers } from "./common.js";
import type { PermuteLength, PermuteRepeat } from "./messages.js";

/**
 * The shape of `permute(x, dims)`: output axis i is x's axis dims[i]. dims must be a permutation of x's axes,
 * proved one step per entry: its length, then each entry in range (negative counting from the end) and not seen
 * before. Messages in the runtime's order (`permuteAxes`): "permute: dims has 2 entries but x has rank 3",
 * "permute: axis 3 is out of range for rank 3", "permute: axis 0 appears twice in dims [0, -3, 1]". Generic
 * sizes are kept; a `number` entry gives `number` sizes.
 */
export type PermuteShape<Op extends string, S extends Shape, P extends Shape> = number extends S["length"]
  ? AllNumbers<P>
  : number extends P["length"]
    ? AllNumbers<S>
    : P["length"] extends S["length"]
      ? PermuteFold<Op, S, P, P, [], never, false>
      : PermuteLength<Op, P["length"], S["length"]>;

type PermuteFold<
  Op extends string,
  S extends Shape,
  All extends Shape,
  P extends Shape,
  Acc extends number[],
  Seen,
  AnyNumber extends boolean,
> = P extends readonly [infer A extends number, ...infer R extends Shape]
  ? NormalizeAxis<Op, S["length"], A> extends infer K
    ? K extends string
      ? K
      : number extends K
        ? PermuteFold<Op, S, All, R, [...Acc, number], Seen, true>
        : [K] extends [Seen]
          ? PermuteRepeat<Op, K & number, ShapeText<All>>
          : PermuteFold<Op, S, All, R, [...Acc, S[K & number]], Seen | K, AnyNumber>
    : never
  : AnyNumber extends true
    ? AllNumbers<S>
    : Acc;
