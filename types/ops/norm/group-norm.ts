import type { Mod } from "../../nat/mod.js";
import type { ParseNat } from "../../nat/parse.js";
import type { BadRank } from "../../tensor/messages.js";
import type { Shape } from "../../tensor/shape.js";
import type { CheckAgree } from "../common.js";
import type { GroupsDoNotDivide, GroupsNotPositive } from "./messages.js";

/** `true` when x is (N, C, ...), rank 2 or more (reported at x). */
export type GroupNormXCheck<XS extends Shape, Op extends string = "groupNorm"> = number extends XS["length"]
  ? true
  : XS extends readonly [number, number, ...number[]]
    ? true
    : BadRank<Op, "x", "(N, C, ...)", XS["length"]>;

/**
 * `true` when G groups split x's channel axis C evenly (types/nat Mod on literals), else the message: G not a
 * positive integer, then C mod G not 0. A `number` G or C is checked at run time.
 */
export type GroupsCheck<XS extends Shape, G extends number, Op extends string = "groupNorm"> = number extends G
  ? true
  : ParseNat<G, ""> extends [] | string
    ? GroupsNotPositive<Op, G>
    : number extends XS["length"] | XS[1]
      ? true
      : Mod<XS[1], G> extends 0
        ? true
        : GroupsDoNotDivide<Op, XS[1], G>;

/** `true` when weight (or bias) is (C) with x's C, else the message: its rank, then its size. */
export type ChannelParamCheck<Op extends string, Arg extends string, XS extends Shape, WS extends Shape> = number extends WS["length"]
  ? true
  : WS extends readonly [infer W]
    ? CheckAgree<Op, `${Arg} axis 0 and x's channel axis`, W, XS[1]>
    : BadRank<Op, Arg, "(C)", WS["length"]>;
