/** A model or box the bounds engine cannot handle: an op without a bound rule, a box whose shape is wrong... */
export class BoundsError extends Error {
  override name = "BoundsError";
}

export const noBoundRule = (op: string): string =>
  `bounds: op "${op}" has no bound rule, and the model's output depends on it through the input; bounds cannot be computed (no op is skipped)`;
export const cannotBound = (op: string, reason: string): string => `bounds: op "${op}" cannot be bounded: ${reason}`;
