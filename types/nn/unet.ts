import type { FloorDiv } from "../nat/floor-div.js";
import type { IsEven } from "../nat/is-even.js";
import type { Mul } from "../nat/mul.js";
import type { Guard } from "../ops/common.js";
import type { AxisMismatch, BadRank } from "../tensor/messages.js";
import type { Shape } from "../tensor/shape.js";
import type { UNetBadDepth, UNetOddAtPool, UNetZeroField } from "./messages-beyond.js";

/**
 * Depths a UNet may have: the number of max-pool (downsampling) steps, as segmentation_models_pytorch's
 * `encoder_depth`. A depth-L U-Net has L + 1 resolution levels; the seed's UNet2 is depth 1.
 */
export type UNetDepth = 1 | 2 | 3 | 4 | 5;

/** 2^depth: the same-padding U-Net halves depth times, so H and W must be multiples of it. */
export type UNetDivisor<Depth extends number> = Depth extends UNetDepth ? [1, 2, 4, 8, 16, 32][Depth] : number;

/**
 * The pools 1 .. depth each need an even size: `true`, or the message naming the first pool ("level k", the pool
 * in front of down.k) that gets an odd size, with the halvings that led there. At most 5 steps (depth ≤ 5), each
 * one IsEven (last digit) and one FloorDiv: cheap.
 */
type Halvings<
  Depth extends number,
  Axis extends string,
  Size extends number,
  Chain extends string,
  Pooled extends unknown[],
> = Pooled["length"] extends Depth
  ? true
  : IsEven<Size> extends true
    ? FloorDiv<Size, 2> extends infer Half extends number
      ? Halvings<Depth, Axis, Half, `${Chain} → ${Half}`, [...Pooled, unknown]>
      : true
    : UNetOddAtPool<Depth, [...Pooled, unknown]["length"], Axis, Chain, UNetDivisor<Depth>>;

/** `true` when Size (H or W) suits a same-padding U-Net of this depth; `number` is checked at run time. */
export type UNetSizeCheck<Depth extends number, Axis extends string, Size extends number> = number extends Size | Depth
  ? true
  : Size extends 0
    ? UNetZeroField<"UNet", `in${Axis}`, "≠ 0">
    : Halvings<Depth, Axis, Size, `${Size}`, []>;

/** The depth and the four sizes of any U-Net here: `true` or the first failing fact. */
export type UNetCommonCheck<
  Name extends string,
  Depth extends number,
  BaseC extends number,
  InC extends number,
  OutC extends number,
> = number extends Depth
  ? CountsCheck<Name, BaseC, InC, OutC>
  : Depth extends UNetDepth
    ? CountsCheck<Name, BaseC, InC, OutC>
    : UNetBadDepth<Name, Depth>;

type CountsCheck<Name extends string, BaseC, InC, OutC> = BaseC extends 0
  ? UNetZeroField<Name, "baseC", "> 0">
  : InC extends 0
    ? UNetZeroField<Name, "inC", "≠ 0">
    : OutC extends 0
      ? UNetZeroField<Name, "outC", "≠ 0">
      : true;

/** Everything createUNet needs to hold: depth in 1..5, baseC > 0, inC, outC ≠ 0, H and W divisible by 2^depth. */
export type UNetCheck<Depth extends number, BaseC extends number, InC extends number, OutC extends number, InH extends number, InW extends number> =
  UNetCommonCheck<"UNet", Depth, BaseC, InC, OutC> extends infer E extends string
    ? E
    : UNetSizeCheck<Depth, "H", InH> extends infer E extends string
      ? E
      : UNetSizeCheck<Depth, "W", InW>;

/** A guard (`unknown` or the message) from a check result. */
export type CheckGuard<R> = Guard<R extends string ? false : true, R & string>;

/** The input a U-Net accepts: (InC, InH, InW) or (N, InC, InH, InW); `true` or the message, as UNet2's. */
export type UNetInputCheck<Name extends string, XS extends Shape, InC, InH, InW> = XS extends readonly [
  ...infer B extends number[],
  infer C,
  infer H,
  infer W,
]
  ? B["length"] extends 0 | 1
    ? AxisCheck<Name, "C", "inC", C, InC> extends infer E extends string
      ? E
      : AxisCheck<Name, "H", "inH", H, InH> extends infer E extends string
        ? E
        : AxisCheck<Name, "W", "inW", W, InW>
    : BadRank<`${Name} forward`, "x", "(C, H, W) or (N, C, H, W)", XS["length"]>
  : number extends XS["length"]
    ? true
    : BadRank<`${Name} forward`, "x", "(C, H, W) or (N, C, H, W)", XS["length"]>;

type AxisCheck<Name extends string, Axis extends string, Field extends string, Got, Want> = number extends Got | Want
  ? true
  : [Got] extends [Want]
    ? true
    : AxisMismatch<`${Name} forward`, `x's ${Axis} axis and ${Field}`, Got & number, Want & number>;

/** The output for input XS: the batch axis kept, OutC channels, (OutH, OutW). */
export type UNetOutput<XS extends Shape, OutC extends number, OutH extends number, OutW extends number> = number extends XS["length"]
  ? Shape
  : XS extends readonly [infer N extends number, number, number, number]
    ? [N, OutC, OutH, OutW]
    : [OutC, OutH, OutW];

/** down.0 .. down.<depth> (down.<depth> is the bottleneck). */
type Levels<Depth extends number> = number extends Depth
  ? number
  : [never, 0 | 1, 0 | 1 | 2, 0 | 1 | 2 | 3, 0 | 1 | 2 | 3 | 4, 0 | 1 | 2 | 3 | 4 | 5][Depth & UNetDepth];
/** up.0 .. up.<depth - 1> (up.0 is the deepest). */
type UpSteps<Depth extends number> = number extends Depth
  ? number
  : [never, 0, 0 | 1, 0 | 1 | 2, 0 | 1 | 2 | 3, 0 | 1 | 2 | 3 | 4][Depth & UNetDepth];
type Affine = "weight" | "bias";
/** A block's trainable tensors: two convs (no bias when batch norm follows, as PyTorch users write), two norms. */
type BlockParam<BatchNorm extends boolean> = BatchNorm extends true ? `conv${1 | 2}.weight` | `bn${1 | 2}.${Affine}` : `conv${1 | 2}.${Affine}`;

/**
 * Trainable parameter names, PyTorch style (`nn.ModuleList`s `down` and `up`): `down.<i>.conv1.weight` for the
 * block after i pools (i = 0 .. depth; down.<depth> is the bottleneck), `up.<j>.upconv.weight` for the j-th
 * expanding step (j = 0 .. depth - 1; up.0 is the deepest), `head.weight`.
 */
export type UNetParamName<Depth extends number, BatchNorm extends boolean> =
  | `down.${Levels<Depth>}.${BlockParam<BatchNorm>}`
  | `up.${UpSteps<Depth>}.${BlockParam<BatchNorm> | `upconv.${Affine}`}`
  | `head.${Affine}`;

/** Batch norm buffers (in the state dict, not trained). */
export type UNetBufferName<Depth extends number, BatchNorm extends boolean> = BatchNorm extends true
  ? `${`down.${Levels<Depth>}` | `up.${UpSteps<Depth>}`}.bn${1 | 2}.${"running_mean" | "running_var" | "num_batches_tracked"}`
  : never;

/** Channels of down.I: baseC · 2^I. */
type LevelC<BaseC extends number, I> = number extends BaseC
  ? number
  : I extends 0 | 1 | 2 | 3 | 4 | 5
    ? Mul<BaseC, [1, 2, 4, 8, 16, 32][I]> & number
    : number;
/** The block whose output up.J takes as its skip: down.(depth - 1 - J) (a table: depth ≤ 5). */
type SkipLevel<Depth extends number, J> = J extends 0 | 1 | 2 | 3 | 4
  ? [[], [0], [1, 0], [2, 1, 0], [3, 2, 1, 0], [4, 3, 2, 1, 0]][Depth & UNetDepth][J]
  : number;
type Below<I> = I extends 1 | 2 | 3 | 4 | 5 ? [0, 0, 1, 2, 3, 4][I] : number;
type Plus1<I> = I extends 0 | 1 | 2 | 3 | 4 ? [1, 2, 3, 4, 5][I] : number;
type Vector = `${"conv1" | "conv2" | "bn1" | "bn2"}.${"bias" | "weight"}`;

/** The shape of one parameter, from its name: the channel plan of UNet2 generalised (conv weights (outC, inC, k, k), transposed (inC, outC, k, k)). */
export type UNetParamShape<Name, Depth extends number, BaseC extends number, InC extends number, OutC extends number> = number extends Depth
  ? Shape
  : Name extends `down.${infer I extends number}.${infer Rest}`
    ? Rest extends "conv1.weight"
      ? [LevelC<BaseC, I>, I extends 0 ? InC : LevelC<BaseC, Below<I>>, 3, 3]
      : Rest extends "conv2.weight"
        ? [LevelC<BaseC, I>, LevelC<BaseC, I>, 3, 3]
        : [LevelC<BaseC, I>]
    : Name extends `up.${infer J extends number}.${infer Rest}`
      ? SkipLevel<Depth, J> extends infer S
        ? Rest extends "upconv.weight"
          ? [LevelC<BaseC, Plus1<S>>, LevelC<BaseC, S>, 2, 2]
          : Rest extends "conv1.weight"
            ? [LevelC<BaseC, S>, LevelC<BaseC, Plus1<S>>, 3, 3]
            : Rest extends "conv2.weight"
              ? [LevelC<BaseC, S>, LevelC<BaseC, S>, 3, 3]
              : Rest extends Vector | "upconv.bias"
                ? [LevelC<BaseC, S>]
                : Shape
        : never
      : Name extends "head.weight"
        ? [OutC, BaseC, 1, 1]
        : [OutC];
