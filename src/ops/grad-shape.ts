import { ShapeError } from "../errors.js";
import { axisMismatch, badRank } from "../tensor/messages.js";

/** Runtime twin of `GradCheck`: dy (or the tensor `arg` names) must have exactly the forward output's shape (rank first, then each axis). */
export function requireGradShape(op: string, expected: readonly number[], got: readonly number[], arg = "dy"): void {
  if (got.length !== expected.length) {
    throw new ShapeError(badRank(op, arg, `rank ${expected.length} like the forward output`, got.length));
  }
  for (let k = 0; k < expected.length; k++) {
    if (got[k] !== expected[k]) throw new ShapeError(axisMismatch(op, `axis ${k} of ${arg} and of the forward output`, got[k]!, expected[k]!));
  }
}
