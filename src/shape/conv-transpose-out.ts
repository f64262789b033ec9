import { ShapeError } from "../errors.js";
import { outputPaddingTooLarge, outputTooSmall } from "../messages/shape.js";
import { checkPositive } from "./conv-out.js";
import { isSamePadding, sizeResult, toInputSize, toNats } from "./natural.js";

/**
 * Runtime twin of ConvTransposeOut: (h - 1)s - 2p + d(k - 1) + outputPadding + 1. Same
 * checks, order and messages as the type. Throws ShapeError.
 */
export function convTransposeOut(h: number, k: number, s = 1, p = 0, outputPadding = 0, d = 1, opName = "convTranspose2d", axis = "H"): number {
  const [K, S, P, OP, D] = toNats(
    [
      [k, "kernel size"],
      [s, "stride"],
      [p, "padding"],
      [outputPadding, "output padding"],
      [d, "dilation"],
    ],
    opName,
    axis,
  ) as [bigint, bigint, bigint, bigint, bigint];
  checkPositive(K, S, D, opName, axis);
  if (OP >= S && OP >= D) throw new ShapeError(outputPaddingTooLarge(opName, axis, OP, S, D));
  const H = toInputSize(h, opName, axis);
  if (isSamePadding(K, S, P, D)) return h;
  const out = (H - 1n) * S - 2n * P + D * (K - 1n) + OP + 1n;
  if (out <= 0n) throw new ShapeError(outputTooSmall(opName, axis, H, out));
  return sizeResult(out, opName, axis);
}
