import type { Shape } from "../tensor/shape.js";
import type { CheckAgree, SplitImage } from "./common.js";

/**
 * What `batchNorm2d(x, state)` requires of x: an image (C, H, W) or (N, C, H, W) whose channel axis equals the
 * state's channel count. `true`, or the message ("batchNorm2d: x's channel axis and num_features must match: 4 vs 3").
 */
export type BatchNorm2dCheck<XS extends Shape, C, Op extends string = "batchNorm2d"> =
  SplitImage<XS, Op> extends infer Img
    ? Img extends string
      ? Img
      : Img extends { c: infer XC }
        ? CheckAgree<Op, "x's channel axis and num_features", XC, C>
        : never
    : never;
