import { ShapeError } from "../errors.js";
import { kernelTooLarge, padTooLarge } from "../messages/shape.js";
import { windowParams } from "./conv-out.js";
import { isSamePadding, sizeResult, toInputSize } from "./natural.js";

/**
 * Runtime twin of PoolOut (PyTorch's pooling_output_shape): floor or ceil of
 * (h + 2p - d(k - 1) - 1) / s, plus 1; in ceil mode minus 1 when the last window would start
 * past the input and left padding. Same checks, order and messages as the type. Throws ShapeError.
 */
export function poolOut(h: number, k: number, s: number = k, p = 0, d = 1, ceil = false, op = "maxPool2d", axis = "H"): number {
  const [K, S, P, D] = windowParams(k, s, p, d, op, axis);
  if (P > K / 2n) throw new ShapeError(padTooLarge(op, axis, P, K));
  const H = toInputSize(h, op, axis);
  if (isSamePadding(K, S, P, D)) return h;
  const eff = D * (K - 1n) + 1n;
  const padded = H + 2n * P;
  const num = ceil ? padded + S - 1n : padded;
  if (eff > num) throw new ShapeError(kernelTooLarge(op, axis, eff, padded));
  const q = (num - eff) / S;
  if (!ceil) return sizeResult(q + 1n, op, axis);
  if (q * S < H + P) return sizeResult(q + 1n, op, axis);
  return sizeResult(q, op, axis); // q > 0 here: q = 0 starts at 0 < h + p, as h >= 1
}
