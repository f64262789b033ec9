import type { Lt } from "../../nat/lt.js";
import type { BadRank } from "../../tensor/messages.js";
import type { Shape } from "../../tensor/shape.js";
import type { CheckAgree } from "../common.js";
import type { NormalizedShapeEmpty, NormalizedShapeTooLong } from "./messages.js";

/** layerNorm's options: eps (default 1e-5), added to the biased variance. */
export interface NormOptions {
  readonly eps?: number;
}

/** The keys of NormOptions, for the unknown-option message. */
export type NormOptionNames = readonly ["eps"];

/**
 * `true` when `normalizedShape` NS is x's trailing axes, else the message: NS empty, NS longer than x's rank,
 * then the first axis that differs, walking from the last axis (as the runtime twin). `number` sizes and ranks
 * pass (checked at run time); a generic dim agrees with itself.
 */
export type LayerNormCheck<XS extends Shape, NS extends Shape, Op extends string = "layerNorm"> = number extends NS["length"]
  ? true
  : NS extends readonly []
    ? NormalizedShapeEmpty<Op>
    : number extends XS["length"]
      ? true
      : Lt<XS["length"], NS["length"]> extends true
        ? NormalizedShapeTooLong<Op, NS["length"], XS["length"]>
        : TrailingAxes<Op, XS, NS>;

/** One step per axis from the end, tail-recursive. */
type TrailingAxes<Op extends string, XS extends Shape, NS extends Shape> = NS extends readonly [...infer NR extends Shape, infer NL]
  ? XS extends readonly [...infer XR extends Shape, infer XL]
    ? CheckAgree<Op, `normalizedShape axis ${NR["length"]} and x axis ${XR["length"]}`, NL, XL> extends infer M extends string
      ? M
      : TrailingAxes<Op, XR, NR>
    : true
  : true;

/**
 * `true` when weight (or bias) WS has normalizedShape NS's shape, else the message: its rank, then the first
 * axis that differs.
 */
export type AffineCheck<Op extends string, Arg extends string, NS extends Shape, WS extends Shape> = number extends WS["length"] | NS["length"]
  ? true
  : WS["length"] extends NS["length"]
    ? AffineAxes<Op, Arg, NS, WS, []>
    : BadRank<Op, Arg, `rank ${NS["length"]} like normalizedShape`, WS["length"]>;

type AffineAxes<
  Op extends string,
  Arg extends string,
  NS extends Shape,
  WS extends Shape,
  Seen extends unknown[],
> = Seen["length"] extends NS["length"]
  ? true
  : CheckAgree<
        Op,
        `${Arg} axis ${Seen["length"]} and normalizedShape axis ${Seen["length"]}`,
        WS[Seen["length"]],
        NS[Seen["length"]]
      > extends infer M extends string
    ? M
    : AffineAxes<Op, Arg, NS, WS, [...Seen, 0]>;
