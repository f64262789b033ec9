/** A model or box the bounds engine cannot handle: an op without a bound rule, a box whose shape is wrong... */
export class BoundsError extends Error {
  override name = "BoundsError";
}

export const noBoundRule = (op: string): string =>
  `bounds: op "${op}" has no bound rule, and the model's output depends on it through the input; bounds cannot be computed (no op is skipped)`;
export const cannotBound = (op: string, reason: string): string => `bounds: op "${op}" cannot be bounded: ${reason}`;
export const outOfRange = (op: string, dtype: string, magnitude: string): string =>
  `bounds: op "${op}" may not give finite ${dtype} outputs over the box (its bounds or the magnitudes it sums reach ${magnitude}, ` +
  `beyond the largest ${dtype}): the claim covers finite forwards only; check the model's weights and constants and the box`;
