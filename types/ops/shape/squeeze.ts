import type { NormalizeAxis } from "../../shape/axis.js";
import type { Shape } from "../../tensor/shape.js";
import type { RemoveAt, WrapRank } from "./common.js";

/**
 * The shape of `squeeze(x, dim?)`: without dim, every axis of size 1 is removed; with dim, that axis if its size
 * is 1 (squeezing another size is a no-op, as in PyTorch). Where a size is `number` the result's rank is not
 * known until run time: `number[]`. A 0-d tensor stays 0-d (its axis 0 or -1 wraps as PyTorch's).
 */
export type SqueezeShape<Op extends string, S extends Shape, A extends number | undefined> = number extends S["length"]
  ? number[]
  : [A] extends [undefined]
    ? SqueezeAll<S, []>
    : NormalizeAxis<Op, WrapRank<S["length"]>, A & number> extends infer K
      ? K extends string
        ? K
        : S extends readonly []
          ? []
          : number extends K
            ? number[]
            : SqueezeAt<S, K & number>
      : never;

type SqueezeAt<S extends Shape, K extends number> = number extends S[K]
  ? number[]
  : S[K] extends 1
    ? RemoveAt<S, K>
    : { -readonly [I in keyof S]: S[I] };

type SqueezeAll<S extends Shape, Acc extends number[]> = S extends readonly [infer H extends number, ...infer R extends Shape]
  ? number extends H
    ? number[]
    : H extends 1
      ? SqueezeAll<R, Acc>
      : SqueezeAll<R, [...Acc, H]>
  : Acc;
