import type { Shape } from "../tensor/shape.js";
import type { PairOf, SplitImage } from "./common.js";
import type { OptionOf } from "./options.js";
import type { DilationOf, PaddingOf, Spatial2d } from "./conv2d.js";
import type { PoolAxis } from "./image/pool-axis.js";

/** PyTorch's MaxPool2d hyperparameters; stride defaults to the kernel. */
export interface MaxPool2dOptions {
  readonly kernel: number | readonly [number, number];
  readonly stride?: number | readonly [number, number];
  readonly padding?: number | readonly [number, number];
  readonly dilation?: number | readonly [number, number];
  readonly ceilMode?: boolean;
}

/** The keys of MaxPool2dOptions, in the order the unknown-option message lists them. */
export type MaxPool2dOptionNames = readonly ["kernel", "stride", "padding", "dilation", "ceilMode"];

export type KernelOf<O> = OptionOf<O, "kernel">;
export type PoolStrideOf<O> = OptionOf<O, "stride", KernelOf<O>>;
export type CeilOf<O> = OptionOf<O, "ceilMode", false> extends infer V extends boolean ? V : false;

/**
 * The output shape of `maxPool2d(x, options)`: same batch and channels, pooled H and W (PoolOut per axis; under
 * same padding a generic H or W is kept, see PoolAxis).
 */
export type MaxPool2dShape<XS extends Shape, O, Op extends string = "maxPool2d"> =
  SplitImage<XS, Op> extends infer Img
    ? Img extends string
      ? Img
      : Img extends { batch: infer B extends number[]; c: infer C extends number; h: infer H extends number; w: infer W extends number }
        ? Spatial2d<
            [...B, C],
            PoolAxis<H, PairOf<KernelOf<O>, 1>[0], PairOf<PoolStrideOf<O>, 1>[0], PairOf<PaddingOf<O>, 0>[0], PairOf<DilationOf<O>, 1>[0], CeilOf<O>, Op, "H">,
            PoolAxis<W, PairOf<KernelOf<O>, 1>[1], PairOf<PoolStrideOf<O>, 1>[1], PairOf<PaddingOf<O>, 0>[1], PairOf<DilationOf<O>, 1>[1], CeilOf<O>, Op, "W">
          >
        : never
    : never;
