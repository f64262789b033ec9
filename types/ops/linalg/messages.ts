// Messages of the linalg ops (matmul, linear). Each is written once more as a value in
// src/ops/linalg/messages.ts, whose return type is this type, so the compiler checks the two read the same.
// Rank mistakes use BadRank and batch broadcasting CannotBroadcast (types/tensor/messages.ts).

/**
 * matmul's contracted axes differ: a's last axis against b's axis -2 (its only axis, 0, when b is 1-D),
 * e.g. `"matmul: a's last axis and b's axis -2 must match: 4 vs 5"`.
 */
export type MatmulInnerMismatch<
  BAxis extends number,
  A extends number,
  B extends number,
> = `matmul: a's last axis and b's axis ${BAxis} must match: ${A} vs ${B}`;

/** linear's weight (out_features, in_features) against x (..., in_features): weight's size first. */
export type LinearInFeatures<W extends number, X extends number> = `linear: weight axis 1 (in_features) and x's last axis must match: ${W} vs ${X}`;

/** linear's bias (out_features) against the weight's axis 0: bias's size first. */
export type LinearBiasMismatch<B extends number, O extends number> = `linear: bias axis 0 and weight axis 0 (out_features) must match: ${B} vs ${O}`;
