import type { Printable } from "../../messages/printable.js";

// Messages of the normalization and embedding ops that the shared ones (types/tensor/messages.ts,
// types/ops/messages.ts) do not cover. Each is written once more as a value in src/ops/norm/messages.ts,
// whose return type is this type.

/** layerNorm with `normalizedShape` `[]` (PyTorch: "Expected normalized_shape to be at least 1-dimensional"). */
export type NormalizedShapeEmpty<Op extends string> = `${Op}: normalizedShape must have at least one axis`;

/** layerNorm with more normalized axes than x has. */
export type NormalizedShapeTooLong<
  Op extends string,
  Axes extends Printable,
  Rank extends Printable,
> = `${Op}: normalizedShape has ${Axes} axes but x has rank ${Rank}`;

/** groupNorm's group count must be a whole number above 0. */
export type GroupsNotPositive<Op extends string, Got extends Printable> = `${Op}: numGroups must be a positive integer, got ${Got}`;

/** groupNorm: the channels split evenly into groups (PyTorch: "Expected number of channels in input to be divisible by num_groups"). */
export type GroupsDoNotDivide<
  Op extends string,
  C extends Printable,
  G extends Printable,
> = `${Op}: x's channel axis ${C} must be divisible by numGroups ${G}`;

/** embedding: an index or paddingIdx outside the table of V rows (PyTorch: "index out of range in self"). */
export type IndexOutOfRange<
  Op extends string,
  What extends string,
  I extends Printable,
  V extends Printable,
> = `${Op}: ${What} ${I} is out of range for V = ${V}`;

/** embedding: an index or paddingIdx that is not a whole number (indices are stored as floats). */
export type NotWhole<Op extends string, What extends string, I extends Printable> = `${Op}: ${What} ${I} must be a whole number`;
