import type { NotPositive } from "../../messages/shape.js";
import type { Mul } from "../../nat/mul.js";
import type { BadRank } from "../../tensor/messages.js";
import type { Shape } from "../../tensor/shape.js";
import type { PairOf } from "../common.js";
import type { Spatial2d } from "../conv2d.js";
import type { OptionOf } from "../options.js";
import type { AlignCornersNearest, SizeOrScale } from "./messages.js";

/**
 * torch.nn.functional.interpolate's arguments for 2-D images. Exactly one of `size` and `scaleFactor` (the other
 * absent or null). `alignCorners` is for bilinear only (absent or null means false).
 */
export interface InterpolateOptions {
  /** The output's [H, W]. */
  readonly size?: readonly [number, number] | null;
  /** The output is floor(H * s) by floor(W * s); one number for both axes or [h, w]. */
  readonly scaleFactor?: number | readonly [number, number] | null;
  readonly mode: "nearest" | "bilinear";
  readonly alignCorners?: boolean | null;
}

/** The keys of InterpolateOptions, in the order the unknown-option message lists them. */
export type InterpolateOptionNames = readonly ["size", "scaleFactor", "mode", "alignCorners"];

/** Whether an option is given: `true`, `false` (absent or null), `boolean` when only the run time knows. */
type Given<V> = [V] extends [null | undefined] ? false : [Extract<V, null | undefined>] extends [never] ? true : boolean;

/** A and B are the same type (a generic dim is only itself): the test tsc decides without resolving them. */
type IsExactly<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** x must be (N, C, H, W); its parts, `number` when the rank is only known at run time. */
type ImageParts<XS extends Shape> = number extends XS["length"]
  ? [number, number, number, number]
  : XS extends readonly [infer N extends number, infer C extends number, infer H extends number, infer W extends number]
    ? [N, C, H, W]
    : BadRank<"interpolate", "x", "(N, C, H, W)", XS["length"]>;

/** `true`, or the message for x's rank (reported at x). */
export type InterpolateXCheck<XS extends Shape> = ImageParts<XS> extends infer M extends string ? M : true;

/**
 * The output shape of `interpolate(x, options)`: (N, C) of x, then `size`, or floor(H * s) and floor(W * s) for a
 * `scaleFactor` s (exact for a literal whole s, `number` for a fractional one). Messages in the runtime's order:
 * x's rank, alignCorners with nearest, not exactly one of size and scaleFactor, then H and W.
 */
export type InterpolateShape<XS extends Shape, O, Op extends string = "interpolate"> =
  ImageParts<XS> extends [infer N extends number, infer C extends number, infer H extends number, infer W extends number]
    ? [OptionOf<O, "mode">] extends ["nearest"]
      ? Given<OptionOf<O, "alignCorners">> extends true
        ? AlignCornersNearest<Op>
        : Sized<[N, C], H, W, O, Op>
      : Sized<[N, C], H, W, O, Op>
    : ImageParts<XS>;

type Sized<Lead extends number[], H extends number, W extends number, O, Op extends string> = [
  Given<OptionOf<O, "size">>,
  Given<OptionOf<O, "scaleFactor">>,
] extends [infer S, infer F]
  ? [S, F] extends [true, true]
    ? SizeOrScale<Op, "both">
    : [S, F] extends [false, false]
      ? SizeOrScale<Op, "neither">
      : S extends true
        ? OptionOf<O, "size"> extends readonly [infer A extends number, infer B extends number]
          ? Spatial2d<Lead, SizeAxis<A>, SizeAxis<B>>
          : [...Lead, number, number]
        : F extends true
          ? Spatial2d<
              Lead,
              ScaleAxis<H, PairOf<Exclude<OptionOf<O, "scaleFactor">, null>, 1>[0], Op, "H">,
              ScaleAxis<W, PairOf<Exclude<OptionOf<O, "scaleFactor">, null>, 1>[1], Op, "W">
            >
          : [...Lead, number, number]
  : never;

/**
 * A requested size is kept as given, a generic one too (`size: [skip.shape[2], skip.shape[3]]` keeps H and W).
 * The run time rejects an output (or input) size of 0 (PyTorch's "Input and output sizes should be greater than 0");
 * the compiler does not, since any test on the size would stay deferred for a generic one.
 */
type SizeAxis<A extends number> = { ok: A };

/**
 * floor(H * S): a literal whole S multiplies exactly (types/nat Mul); a fractional S gives `number` (the run time
 * computes it and rejects 0); S of 0 or below is rejected.
 */
type ScaleAxis<H extends number, S extends number, Op extends string, Axis extends string> =
  IsExactly<H, 0> extends true
    ? { err: NotPositive<Op, Axis, "input size", 0> }
    : number extends S
      ? { ok: number }
      : S extends 0
        ? { err: NotPositive<Op, Axis, "scale factor", S> }
        : `${S}` extends `-${string}`
          ? { err: NotPositive<Op, Axis, "scale factor", S> }
          : `${S}` extends `${bigint}`
            ? Mul<H, S> extends infer R
              ? R extends string
                ? { err: R }
                : { ok: R }
              : never
            : { ok: number };
