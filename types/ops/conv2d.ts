import type { ConvOut } from "../shape/conv-out.js";
import type { Shape } from "../tensor/shape.js";
import type { BadRank } from "../tensor/messages.js";
import type { CheckAgree, PairOf, SplitImage } from "./common.js";

/** PyTorch's Conv2d hyperparameters: each one number for both axes or `[h, w]`. */
export interface Conv2dOptions {
  readonly stride?: number | readonly [number, number];
  readonly padding?: number | readonly [number, number];
  readonly dilation?: number | readonly [number, number];
}

/**
 * The output shape of `conv2d(x, weight, bias, options)`, or the message saying why there is none.
 * x is (C, H, W) or (N, C, H, W); weight (outC, inC, kH, kW); output keeps x's batch axis.
 */
export type Conv2dShape<XS extends Shape, WS extends Shape, O, Op extends string = "conv2d"> =
  SplitImage<XS, Op> extends infer Img
    ? Img extends string
      ? Img
      : Img extends { batch: infer B extends number[]; c: infer C; h: infer H extends number; w: infer W extends number }
        ? WS extends readonly [infer OC extends number, infer IC extends number, infer KH extends number, infer KW extends number]
          ? CheckAgree<Op, "weight axis 1 (inC) and x's channel axis", IC, C> extends infer Chk
            ? Chk extends string
              ? Chk
              : Spatial2d<
                  [...B, OC],
                  ConvOut<H, KH, PairOf<StrideOf<O>, 1>[0], PairOf<PaddingOf<O>, 0>[0], PairOf<DilationOf<O>, 1>[0], Op, "H">,
                  ConvOut<W, KW, PairOf<StrideOf<O>, 1>[1], PairOf<PaddingOf<O>, 0>[1], PairOf<DilationOf<O>, 1>[1], Op, "W">
                >
            : never
          : number extends WS["length"]
            ? [...B, number, number, number]
            : BadRank<Op, "weight", "(outC, inC, kH, kW)", WS["length"]>
        : never
    : never;

/** Appends the two spatial sizes, or passes on the first message. */
export type Spatial2d<Lead extends number[], OH, OW> = OH extends string
  ? OH
  : OW extends string
    ? OW
    : [...Lead, OH & number, OW & number];

export type StrideOf<O> = O extends { readonly stride: infer V } ? V : undefined;
export type PaddingOf<O> = O extends { readonly padding: infer V } ? V : undefined;
export type DilationOf<O> = O extends { readonly dilation: infer V } ? V : undefined;
