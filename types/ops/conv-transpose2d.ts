import type { ConvTransposeOut } from "../shape/conv-transpose-out.js";
import type { Shape } from "../tensor/shape.js";
import type { BadRank } from "../tensor/messages.js";
import type { CheckAgree, PairOf, SplitImage } from "./common.js";
import type { OptionOf } from "./options.js";
import type { AxisResult, DilationOf, PaddingOf, Spatial2d, StrideOf } from "./conv2d.js";

/** PyTorch's ConvTranspose2d hyperparameters. */
export interface ConvTranspose2dOptions {
  readonly stride?: number | readonly [number, number];
  readonly padding?: number | readonly [number, number];
  readonly outputPadding?: number | readonly [number, number];
  readonly dilation?: number | readonly [number, number];
}

/** The keys of ConvTranspose2dOptions, in the order the unknown-option message lists them. */
export type ConvTranspose2dOptionNames = readonly ["stride", "padding", "outputPadding", "dilation"];

type OutputPaddingOf<O> = OptionOf<O, "outputPadding">;

/**
 * The output shape of `convTranspose2d(x, weight, bias, options)`; weight is (inC, outC, kH, kW) as in PyTorch.
 * Checks in planConvTranspose2d's order, as Conv2dShape.
 */
export type ConvTranspose2dShape<XS extends Shape, WS extends Shape, O, Op extends string = "convTranspose2d"> =
  SplitImage<XS, Op> extends infer Img
    ? Img extends string
      ? Img
      : Img extends { batch: infer B extends number[]; c: infer C; h: infer H extends number; w: infer W extends number }
        ? WS extends readonly [infer IC extends number, infer OC extends number, infer KH extends number, infer KW extends number]
          ? CheckAgree<Op, "weight axis 0 (inC) and x's channel axis", IC, C> extends infer Problem extends string
            ? Problem
            : Spatial2d<
                [...B, OC],
                AxisResult<ConvTransposeOut<H, KH, PairOf<StrideOf<O>, 1>[0], PairOf<PaddingOf<O>, 0>[0], PairOf<OutputPaddingOf<O>, 0>[0], PairOf<DilationOf<O>, 1>[0], Op, "H">>,
                AxisResult<ConvTransposeOut<W, KW, PairOf<StrideOf<O>, 1>[1], PairOf<PaddingOf<O>, 0>[1], PairOf<OutputPaddingOf<O>, 0>[1], PairOf<DilationOf<O>, 1>[1], Op, "W">>
              >
          : number extends WS["length"]
            ? [...B, number, number, number]
            : BadRank<Op, "weight", "(inC, outC, kH, kW)", WS["length"]>
        : never
    : never;
