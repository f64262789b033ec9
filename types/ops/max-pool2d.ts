import type { Shape } from "../tensor/shape.js";
import type { PairOf, SplitImage } from "./common.js";
import type { OptionKeysCheck, OptionOf } from "./options.js";
import type { FirstMessage } from "./first-message.js";
import type { AxisProblem, DilationOf, PaddingOf, Spatial2d } from "./conv2d.js";
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

/** The `kernel` option of O. */
export type KernelOf<O> = OptionOf<O, "kernel">;
/** The `stride` option of O; the kernel when absent, as PyTorch. */
export type PoolStrideOf<O> = OptionOf<O, "stride", KernelOf<O>>;
/** The `ceilMode` option of O; false when absent. */
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
            PoolAxis<
              H,
              PairOf<KernelOf<O>, 1>[0],
              PairOf<PoolStrideOf<O>, 1>[0],
              PairOf<PaddingOf<O>, 0>[0],
              PairOf<DilationOf<O>, 1>[0],
              CeilOf<O>,
              Op,
              "H"
            >,
            PoolAxis<
              W,
              PairOf<KernelOf<O>, 1>[1],
              PairOf<PoolStrideOf<O>, 1>[1],
              PairOf<PaddingOf<O>, 0>[1],
              PairOf<DilationOf<O>, 1>[1],
              CeilOf<O>,
              Op,
              "W"
            >
          >
        : never
    : never;

/**
 * maxPool2d's options argument check, in the runtime's order: unknown keys, x's rank, then H and W. Each axis is
 * its own alias (PoolAxisFits), so an axis tsc cannot decide (a generic H through a window that changes the size)
 * prints as `PoolAxisFits<"maxPool2d", "H", H, { readonly kernel: 2; }>`, naming the axis and the options; a
 * literal axis prints its sentence. A `Tensor<never>` x is reported at x only.
 */
export type MaxPool2dOptionsGuard<XS extends Shape, O, Op extends string = "maxPool2d"> =
  FirstMessage<[OptionKeysCheck<Op, O, MaxPool2dOptionNames>]> extends infer E extends string
    ? E
    : [XS] extends [never]
      ? unknown
      : SplitImage<XS, Op> extends infer Img
        ? Img extends { h: infer H extends number; w: infer W extends number }
          ? PoolAxisFitsThen<Op, "H", H, O, PoolAxisFits<Op, "W", W, O>>
          : Img
        : never;

/** One pooled axis of maxPool2d(x, O) as a guard part: `unknown` when its size is valid, else PoolOut's sentence. */
export type PoolAxisFits<Op extends string, Axis extends "H" | "W", H extends number, O> = [AxisProblem<MaxPoolAxis<Op, Axis, H, O>>] extends [never]
  ? unknown
  : AxisProblem<MaxPoolAxis<Op, Axis, H, O>>;

/** PoolAxisFits followed by the checks after it (Then), as MustMatchThen. */
export type PoolAxisFitsThen<Op extends string, Axis extends "H" | "W", H extends number, O, Then> = [unknown] extends [Then]
  ? PoolAxisFits<Op, Axis, H, O>
  : PoolAxisThen<Op, Axis, H, O, Then>;

/** `Then` once the axis fits, else its sentence; one name where tsc cannot decide it. */
export type PoolAxisThen<Op extends string, Axis extends "H" | "W", H extends number, O, Then> = [AxisProblem<MaxPoolAxis<Op, Axis, H, O>>] extends [
  never,
]
  ? Then
  : AxisProblem<MaxPoolAxis<Op, Axis, H, O>>;

type MaxPoolAxis<Op extends string, Axis extends "H" | "W", H extends number, O> = PoolAxis<
  H,
  PairOf<KernelOf<O>, 1>[AxisIndex<Axis>],
  PairOf<PoolStrideOf<O>, 1>[AxisIndex<Axis>],
  PairOf<PaddingOf<O>, 0>[AxisIndex<Axis>],
  PairOf<DilationOf<O>, 1>[AxisIndex<Axis>],
  CeilOf<O>,
  Op,
  Axis
>;

type AxisIndex<Axis extends "H" | "W"> = Axis extends "H" ? 0 : 1;
