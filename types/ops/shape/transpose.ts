import type { NormalizeAxis } from "../../shape/axis.js";
import type { Shape } from "../../tensor/shape.js";
import type { AllNumbers, WrapRank } from "./common.js";

/**
 * The shape of `transpose(x, dim0, dim1)`: the two axes swapped (negative axes count from the end). Generic sizes
 * are kept: `[N, C, L]` with 1, 2 is `[N, L, C]`. A `number` axis gives `number` sizes of the same rank.
 */
export type TransposeShape<Op extends string, S extends Shape, A0 extends number, A1 extends number> = number extends S["length"]
  ? number[]
  : NormalizeAxis<Op, WrapRank<S["length"]>, A0> extends infer K0
    ? K0 extends string
      ? K0
      : NormalizeAxis<Op, WrapRank<S["length"]>, A1> extends infer K1
        ? K1 extends string
          ? K1
          : number extends K0 | K1
            ? AllNumbers<S>
            : Swap<S, `${K0 & number}`, `${K1 & number}`>
        : never
    : never;

type Swap<S extends Shape, K0 extends string, K1 extends string> = {
  -readonly [I in keyof S]: I extends K0 ? S[K1 & keyof S] : I extends K1 ? S[K0 & keyof S] : S[I];
};
