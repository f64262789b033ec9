import type { CropAxis } from "../ops/center-crop.js";
import type { ConvOut } from "../shape/conv-out.js";
import type { ConvTransposeOut } from "../shape/conv-transpose-out.js";
import type { PoolOut } from "../shape/pool-out.js";
import type { UNetClassicWhere } from "./messages-beyond.js";
import type { UNetCommonCheck, UNetDepth } from "./unet.js";

/**
 * The valid-convolution U-Net of Ronneberger et al. along one axis: every block is two 3x3 convs without padding
 * (−4), every pool 2x2 stride 2, every expanding step a 2x2 stride-2 transposed conv whose output the skip is
 * centre-cropped to, the head 1x1. Depth is the number of pools (the paper's network is depth 4: 572 → 388). The
 * result is the output size, or the message of the first layer that fails, prefixed with where it sits, e.g.
 * "UNetClassic depth 4, input H 570: up.0 centre crop of skip down.3: axis H: cropping 63 to 54 removes 9, …".
 * Cost: depth + 1 ≤ 6 blocks down, depth up, each a few digit operations from types/shape (no recursion over sizes).
 */
export type UNetClassicAxis<Depth extends number, Axis extends string, Size extends number> = number extends Size | Depth
  ? number
  : Depth extends UNetDepth
    ? Down<Depth, Axis, Size, []> extends infer Skips
      ? Skips extends [infer Bottom extends number, ...infer Rest extends number[]]
        ? Up<Depth, Axis, Size, Rest, Bottom, []>
        : Skips
      : never
    : number;

type Where<Depth extends number, Axis extends string, Size extends number, Layer extends string> = UNetClassicWhere<Depth, Axis, Size, Layer>;

/** Two valid 3x3 convs. */
type Block<In, Depth extends number, Axis extends string, Size extends number, Prefix extends string> = ConvOut<
  ConvOut<In & (number | string), 3, 1, 0, 1, Where<Depth, Axis, Size, `${Prefix}.conv1`>, Axis>,
  3,
  1,
  0,
  1,
  Where<Depth, Axis, Size, `${Prefix}.conv2`>,
  Axis
>;

/** The contracting path: the outputs of down.depth (the bottleneck), …, down.0 (deepest first), or a message. */
type Down<Depth extends number, Axis extends string, Size extends number, Acc extends number[]> = (
  Acc extends [unknown, ...infer Pooled]
    ? Pooled["length"]
    : -1
) extends Depth
  ? Acc
  : (
        Acc extends [infer Last extends number, ...unknown[]]
          ? PoolOut<Last, 2, 2, 0, 1, false, Where<Depth, Axis, Size, `down.${Acc["length"]} maxPool2d`>, Axis>
          : Size
      ) extends infer In
    ? Block<In, Depth, Axis, Size, `down.${Acc["length"]}`> extends infer Out
      ? Out extends number
        ? Down<Depth, Axis, Size, [Out, ...Acc]>
        : Out
      : never
    : never;

/** The expanding path from size H: up-convolve, crop the next skip (down.i) to it, two convs; then the 1x1 head keeps the size. */
type Up<
  Depth extends number,
  Axis extends string,
  Size extends number,
  Skips extends number[],
  H extends number,
  J extends unknown[],
> = Skips extends [infer Skip extends number, ...infer Rest extends number[]]
  ? ConvTransposeOut<H, 2, 2, 0, 0, 1, Where<Depth, Axis, Size, `up.${J["length"]}.upconv`>, Axis> extends infer U
    ? U extends number
      ? CropAxis<Skip, U, Where<Depth, Axis, Size, `up.${J["length"]} centre crop of skip down.${Rest["length"]}`>, Axis> extends infer C extends
          string
        ? C
        : Block<U, Depth, Axis, Size, `up.${J["length"]}`> extends infer B
          ? B extends number
            ? Up<Depth, Axis, Size, Rest, B, [...J, unknown]>
            : B
          : never
      : U
    : never
  : H;

/** Everything createUNetClassic needs: depth 1..5, baseC > 0, inC, outC ≠ 0, every layer and crop on both axes. */
export type UNetClassicCheck<
  Depth extends number,
  BaseC extends number,
  InC extends number,
  OutC extends number,
  InH extends number,
  InW extends number,
> =
  UNetCommonCheck<"UNetClassic", Depth, BaseC, InC, OutC> extends infer E extends string
    ? E
    : UNetClassicAxis<Depth, "H", InH> extends infer E extends string
      ? E
      : UNetClassicAxis<Depth, "W", InW> extends infer E extends string
        ? E
        : true;

/** The output size along an axis (number when the check fails; the check reports why). */
export type UNetClassicOut<Depth extends number, Axis extends string, Size extends number> =
  UNetClassicAxis<Depth, Axis, Size> extends infer R extends number ? R : number;
