// Messages of the shape ops (reshape, flatten, unsqueeze, squeeze, transpose, permute, narrow, cat, stack) that
// the shared messages do not already say (an axis out of range is `AxisOutOfRange`, a negative length is
// `NotNatural`). Each is written once more as a value in src/ops/shape/messages.ts, whose return type is this
// type, so the compiler checks the two read the same.

/** `reshape(x, [4, 5])` of a 24-element x: both counts. */
export type ReshapeCountMismatch<
  Op extends string,
  Target extends string,
  Count extends number,
  XCount extends number,
> = `${Op}: shape ${Target} has ${Count} elements but x has ${XCount}`;

/** Two -1 entries in a target shape (PyTorch: "only one dimension can be inferred"). */
export type ReshapeTwoInferred<Op extends string> = `${Op}: only one axis may be -1`;

/** A -1 entry whose size cannot be inferred: the other sizes do not divide the count, or multiply to 0. */
export type ReshapeCannotSplit<
  Op extends string,
  XCount extends number,
  Target extends string,
> = `${Op}: ${XCount} elements cannot be split into ${Target}`;

/** A target size that is neither a natural number nor -1 (PyTorch: "invalid shape dimension -2"). */
export type ReshapeBadDim<
  Op extends string,
  Index extends number,
  Got extends string | number,
> = `${Op}: shape dim ${Index} must be a natural number or -1, got ${Got}`;

/** An axis to insert (unsqueeze, stack) outside [-rank - 1, rank]. */
export type NewAxisOutOfRange<
  Op extends string,
  Axis extends number,
  Rank extends number,
  Low extends string,
  High extends number,
> = `${Op}: new axis ${Axis} is out of range [${Low}, ${High}] for rank ${Rank}`;

/** flatten's startDim after its endDim, both counted from the front (PyTorch: "start_dim cannot come after end_dim"). */
export type FlattenOrder<
  Op extends string,
  Start extends number,
  End extends number,
> = `${Op}: startDim (axis ${Start}) must not come after endDim (axis ${End})`;

/** permute's dims of the wrong length. */
export type PermuteLength<Op extends string, Got extends number, Rank extends number> = `${Op}: dims has ${Got} entries but x has rank ${Rank}`;

/** permute's dims naming one axis twice (after negative axes are counted from the end). */
export type PermuteRepeat<Op extends string, Axis extends number, Dims extends string> = `${Op}: axis ${Axis} appears twice in dims ${Dims}`;

/** narrow's start outside [-size, size] (PyTorch's range). */
export type NarrowStart<
  Op extends string,
  Start extends number,
  Axis extends number,
  Size extends number,
> = `${Op}: start ${Start} is out of range for axis ${Axis} of size ${Size}`;

/** A select index outside [-size, size) of its axis (PyTorch: "select(): index 5 out of range for tensor of size [2, 5] at dimension 1"). */
export type SelectIndex<
  Op extends string,
  Index extends number,
  Axis extends number,
  Size extends number,
> = `${Op}: index ${Index} is out of range for axis ${Axis} of size ${Size}`;

/** narrow's window past the axis's end; `Start` counted from the front. */
export type NarrowPastEnd<
  Op extends string,
  Start extends number,
  Length extends number,
  Axis extends number,
  Size extends number,
> = `${Op}: start ${Start} + length ${Length} exceeds axis ${Axis} of size ${Size}`;

/** stack's parts of different shapes (PyTorch: "stack expects each tensor to be equal size"). */
export type StackShapeMismatch<
  Op extends string,
  Index extends number,
  Got extends string,
  First extends string,
> = `${Op}: tensor ${Index} has shape ${Got} but tensor 0 has ${First}`;
