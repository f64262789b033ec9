import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { binaryOp, tieGrad } from "./binary-op.js";
import type { BinaryResult, Operand } from "./operand.js";

/**
 * The smaller of a and b elementwise with PyTorch broadcasting (torch.minimum); NaN if either is NaN. Either side may be a
 * plain number (torch.minimum itself takes tensors only). Gradient as PyTorch: gy to the smaller side, split evenly
 * (gy/2 each) where a = b, and the full gy to both where a NaN is involved.
 */
export function minimum<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"minimum", A, B>): BinaryResult<"minimum", A, B> {
  return binaryOp(
    "minimum",
    a,
    b,
    (out, ad, bd) => (o, n, ia, sa, ib, sb) => {
      for (let j = 0; j < n; j++, ia += sa, ib += sb) {
        const x = ad[ia]!;
        const v = bd[ib]!;
        out[o + j] = x < v ? x : x > v ? v : x === v ? x : NaN;
      }
    },
    tieGrad(false),
    tieGrad(true),
  ) as BinaryResult<"minimum", A, B>;
}
