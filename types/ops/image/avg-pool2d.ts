import type { Shape } from "../../tensor/shape.js";
import type { PairOf, SplitImage } from "../common.js";
import type { PaddingOf, Spatial2d } from "../conv2d.js";
import type { CeilOf, KernelOf, PoolStrideOf } from "../max-pool2d.js";
import type { PoolAxis } from "./pool-axis.js";

/** PyTorch's AvgPool2d hyperparameters (no dilation); stride defaults to the kernel. */
export interface AvgPool2dOptions {
  readonly kernel: number | readonly [number, number];
  readonly stride?: number | readonly [number, number];
  readonly padding?: number | readonly [number, number];
  /** Ceil instead of floor in the output size; the last window must still start inside the input or the left padding. */
  readonly ceilMode?: boolean;
  /** Divide by the window clipped to the padded input (true, the default) or by the cells inside the input. */
  readonly countIncludePad?: boolean;
}

/** The keys of AvgPool2dOptions, in the order the unknown-option message lists them. */
export type AvgPool2dOptionNames = readonly ["kernel", "stride", "padding", "ceilMode", "countIncludePad"];

/**
 * The output shape of `avgPool2d(x, options)`: same batch and channels, H and W by PoolOut (floor or ceil mode,
 * dilation 1), with PoolOut's messages under the op's name; under same padding a generic H or W is kept.
 */
export type AvgPool2dShape<XS extends Shape, O, Op extends string = "avgPool2d"> =
  SplitImage<XS, Op> extends infer Img
    ? Img extends string
      ? Img
      : Img extends { batch: infer B extends number[]; c: infer C extends number; h: infer H extends number; w: infer W extends number }
        ? Spatial2d<
            [...B, C],
            PoolAxis<H, PairOf<KernelOf<O>, 1>[0], PairOf<PoolStrideOf<O>, 1>[0], PairOf<PaddingOf<O>, 0>[0], 1, CeilOf<O>, Op, "H">,
            PoolAxis<W, PairOf<KernelOf<O>, 1>[1], PairOf<PoolStrideOf<O>, 1>[1], PairOf<PaddingOf<O>, 0>[1], 1, CeilOf<O>, Op, "W">
          >
        : never
    : never;
