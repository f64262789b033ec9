import type { BadRank } from "../../tensor/messages.js";
import type { DType, Shape } from "../../tensor/shape.js";
import type { Agree, MustMatch } from "../common.js";
import type { DTypeCheck } from "../dtype-check.js";
import type { LinearBiasMismatch, LinearInFeatures } from "./messages.js";

/** x's own check: at least one axis, `(..., in_features)`. */
export type LinearXRank<XS extends Shape> = XS extends readonly [] ? BadRank<"linear", "x", "(..., in_features)", 0> : true;

/**
 * torch.nn.functional.linear's output shape: x `(..., in_features)` (any leading axes, none included) with
 * weight `(out_features, in_features)` gives `(..., out_features)`; weight's axis 1 must agree with x's last
 * axis. A rank known only at run time gives `number[]`.
 */
export type LinearShape<XS extends Shape, WS extends Shape> = number extends XS["length"] | WS["length"]
  ? number[]
  : XS extends readonly []
    ? LinearXRank<XS>
    : WS extends readonly [infer O extends number, infer I extends number]
      ? XS extends readonly [...infer Lead extends number[], infer In extends number]
        ? Agree<I, In> extends true
          ? [...Lead, O]
          : LinearInFeatures<I, In>
        : never
      : BadRank<"linear", "weight", "(out_features, in_features)", WS["length"]>;

/** bias `(out_features)`: its rank, then its size against weight's axis 0. */
export type LinearBiasCheck<WS extends Shape, BS extends Shape> = number extends BS["length"]
  ? true
  : BS extends readonly [infer B extends number]
    ? Agree<B, WS[0]> extends true
      ? true
      : LinearBiasMismatch<B, WS[0] & number>
    : BadRank<"linear", "bias", "(out_features)", BS["length"]>;

/**
 * weight's parameter-type part: its dtype against x's, its rank, then in_features against x's last axis, last
 * (MustMatch), so that for a generic size the error prints
 * `MustMatch<"linear", "weight axis 1 (in_features) and x's last axis", 5, K>`. A rank-0 x is reported at x.
 */
export type LinearWeightGuard<XS extends Shape, WS extends Shape, D extends DType, WD extends DType> =
  DTypeCheck<"linear", "weight", "x", D, WD> extends infer E extends string
    ? E
    : number extends XS["length"] | WS["length"]
      ? unknown
      : XS extends readonly [...unknown[], infer In extends number]
        ? WS extends readonly [unknown, infer I extends number]
          ? MustMatch<"linear", "weight axis 1 (in_features) and x's last axis", I, In>
          : BadRank<"linear", "weight", "(out_features, in_features)", WS["length"]>
        : unknown;
