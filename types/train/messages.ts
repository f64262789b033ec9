import type { Shape } from "../tensor/shape.js";

/** `[2, 3]`-style rendering of a literal shape: the type twin of `formatShape` in src/train/messages.ts. */
export type ShapeText<S extends Shape> = `[${JoinDims<S>}]`;
type JoinDims<S> = S extends readonly [infer A extends number, ...infer Rest]
  ? Rest extends readonly [] ? `${A}` : `${A}, ${JoinDims<Rest>}`
  : "";

/** A loss input of the wrong rank; `Got` is the shape as `ShapeText` prints it. */
export type LossBadRank<Op extends string, Arg extends string, Expected extends string, Got extends string> =
  `${Op}: ${Arg} must have shape ${Expected}, got ${Got}`;

/** A target whose shape differs from the reference argument's; both shapes as `ShapeText` prints them. */
export type ShapeMismatch<Op extends string, Arg extends string, Got extends string, Ref extends string, Want extends string> =
  `${Op}: ${Arg} shape ${Got} does not match ${Ref} shape ${Want}`;
