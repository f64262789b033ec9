import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { binaryOp, tieGrad } from "./binary-op.js";
import type { BinaryResult, Operand } from "./operand.js";

/**
 * The larger of a and b elementwise with PyTorch broadcasting (torch.maximum); NaN if either is NaN. Either side may be a
 * plain number (torch.maximum itself takes tensors only). Gradient as PyTorch: gy to the larger side, split evenly
 * (gy/2 each) where a = b, and the full gy to both where a NaN is involved.
 */
export function maximum<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"maximum", A, B>): BinaryResult<"maximum", A, B> {
  return binaryOp(
    "maximum",
    a,
    b,
    (out, ad, bd) => (o, n, ia, sa, ib, sb) => {
      for (let j = 0; j < n; j++, ia += sa, ib += sb) {
        const x = ad[ia]!;
        const v = bd[ib]!;
        out[o + j] = x > v ? x : x < v ? v : x === v ? x : NaN;
      }
    },
    tieGrad(true),
    tieGrad(false),
  ) as BinaryResult<"maximum", A, B>;
}
