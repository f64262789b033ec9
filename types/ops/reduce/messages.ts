// Messages of the reductions (sum, mean, amax, amin, var, logsumexp, argmax, softmax, logSoftmax). Each is
// written once more as a value in src/ops/reduce/messages.ts, whose return type is this type, so the compiler
// checks the two read the same. An axis out of range uses AxisOutOfRange (types/tensor/messages.ts).

/** A dim listed twice (after wrapping negatives), as PyTorch's "dim 1 appears multiple times in the list of dims": `"sum: axis 1 appears twice in dim"`. */
export type DuplicateDim<Op extends string, Axis extends number> = `${Op}: axis ${Axis} appears twice in dim`;

/**
 * amax, amin and argmax over an axis of size 0 (no identity to return), as PyTorch's "Expected reduction dim 0 to
 * have non-zero size": `"amax: axis 0 to reduce has size 0; amax needs at least one element"`.
 */
export type EmptyReduction<Op extends string, Axis extends number> = `${Op}: axis ${Axis} to reduce has size 0; ${Op} needs at least one element`;
