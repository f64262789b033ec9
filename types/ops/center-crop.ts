import type { CheckNat } from "../nat/check-nat.js";
import type { IsEven } from "../nat/is-even.js";
import type { Lt } from "../nat/lt.js";
import type { Sub } from "../nat/sub.js";
import type { Shape } from "../tensor/shape.js";
import type { SplitImage } from "./common.js";
import type { AxisResult, Spatial2d } from "./conv2d.js";

/** Written once more as values in src/ops/center-crop.ts (their return types are these). */
export type CropTooLarge<
  Op extends string,
  Axis extends string,
  In extends number,
  Target extends number,
> = `${Op}: axis ${Axis}: cannot crop ${In} to ${Target}; the target must not be larger`;

/** A centre crop whose margin (input minus target) is odd, so the crop cannot be centred. */
export type CropOddMargin<
  Op extends string,
  Axis extends string,
  In extends number,
  Target extends number,
  Diff extends number,
> = `${Op}: axis ${Axis}: cropping ${In} to ${Target} removes ${Diff}, an odd amount; a centre crop removes the same from each side`;

/**
 * One axis of a centre crop: `Target`, or the message. `number` on either side is left to the run-time check
 * (which throws the same sentences); an incoming message passes through.
 */
export type CropAxis<In, Target, Op extends string, Axis extends string> = In extends string
  ? In
  : CheckNat<Target, `${Op}: axis ${Axis}: target size`> extends infer Bad extends string
    ? Bad
    : number extends In | Target
      ? Target
      : Sub<In & number, Target & number> extends infer Diff
        ? Diff extends number
          ? IsEven<Diff> extends true
            ? Target
            : CropOddMargin<Op, Axis, In & number, Target & number, Diff>
          : Lt<In & number, Target & number> extends true
            ? CropTooLarge<Op, Axis, In & number, Target & number>
            : Diff
        : never;

/** The shape of `centerCrop(x, [h, w])`: x's batch and channels, spatial size [h, w]; or the message. */
export type CenterCropShape<XS extends Shape, T extends readonly [number, number], Op extends string = "centerCrop"> = CropImage<
  SplitImage<XS, Op>,
  T,
  Op
>;

/**
 * CenterCropShape on x's split image. A type argument, not `SplitImage<…> extends infer Img`: compared with a generic
 * signature (an array literal of functions), the latter sent TS 7 past its stack depth
 * (test/types/generic-functions-together.test.ts).
 */
type CropImage<Img, T extends readonly [number, number], Op extends string> = Img extends string
  ? Img
  : Img extends { batch: infer B extends number[]; c: infer C extends number; h: infer H extends number; w: infer W extends number }
    ? Spatial2d<[...B, C], AxisResult<CropAxis<H, T[0], Op, "H">>, AxisResult<CropAxis<W, T[1], Op, "W">>>
    : never;
