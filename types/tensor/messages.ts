// Messages of tensors and ops. Each is written once more as a value in src/tensor/messages.ts,
// whose return type is this type, so the compiler checks the two read the same.
// (A bad dim uses the natural-number messages of types/messages/nat.ts.)

/** `tensor(shape, data)` with the wrong number of elements: names both numbers. */
export type DataLengthMismatch<
  Op extends string,
  Shape extends string,
  Expected extends number,
  Got extends number,
> = `${Op}: data has ${Got} elements but shape ${Shape} needs ${Expected}`;

/** Two sizes that must be equal: `"concat: axis 1 (H) must match: 7 vs 6"`. */
export type AxisMismatch<Op extends string, What extends string, A extends number, B extends number> = `${Op}: ${What} must match: ${A} vs ${B}`;

/** A tensor of the wrong rank: `"conv2d: x must be (C, H, W) or (N, C, H, W), got rank 2"`. */
export type BadRank<
  Op extends string,
  Arg extends string,
  Expected extends string,
  Got extends number,
> = `${Op}: ${Arg} must be ${Expected}, got rank ${Got}`;

/** A tensor with a zero-size axis where the op needs data. */
export type EmptyTensor<Op extends string, Arg extends string, Shape extends string> = `${Op}: ${Arg} must not be empty, got shape ${Shape}`;

/** An axis index that a shape does not have: `"add: axis 3 is out of range for rank 3"`. */
export type AxisOutOfRange<Op extends string, Axis extends number, Rank extends number> = `${Op}: axis ${Axis} is out of range for rank ${Rank}`;

/** Two shapes that do not broadcast (PyTorch's rule, axes aligned from the right): `"add: cannot broadcast axis -1: 4 vs 5"`. */
export type CannotBroadcast<
  Op extends string,
  Axis extends number,
  A extends number,
  B extends number,
> = `${Op}: cannot broadcast axis ${Axis}: ${A} vs ${B}`;
