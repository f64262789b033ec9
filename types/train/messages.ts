export type { ShapeText } from "../tensor/shape-text.js";

/** A loss input of the wrong rank; `Got` is the shape as `ShapeText` prints it. */
export type LossBadRank<
  Op extends string,
  Arg extends string,
  Expected extends string,
  Got extends string,
> = `${Op}: ${Arg} must have shape ${Expected}, got ${Got}`;

/** A target whose shape differs from the reference argument's; both shapes as `ShapeText` prints them. */
export type ShapeMismatch<
  Op extends string,
  Arg extends string,
  Got extends string,
  Ref extends string,
  Want extends string,
> = `${Op}: ${Arg} shape ${Got} does not match ${Ref} shape ${Want}`;

/** A per-class weight of the wrong shape: `Want` is `[C]`, C the logits' class count. */
export type ClassWeightMismatch<
  Op extends string,
  Arg extends string,
  Want extends string,
  Got extends string,
> = `${Op}: ${Arg} must have shape ${Want} (one weight per class), got ${Got}`;

/** An input that must broadcast to another's shape (one-directional, PyTorch's expand rule) and does not. */
export type BroadcastMismatch<
  Op extends string,
  Arg extends string,
  Got extends string,
  Ref extends string,
  Want extends string,
> = `${Op}: ${Arg} shape ${Got} does not broadcast to ${Ref} shape ${Want}`;
