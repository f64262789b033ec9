import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { binaryOp } from "./binary-op.js";
import type { BinaryResult, Operand } from "./operand.js";

/**
 * a / b with PyTorch broadcasting (torch.div, true division); either side may be a plain number.
 * Gradients: gy / b and −gy·((a / b) / b) (PyTorch's formulas; dividing twice keeps the second finite and exact where
 * b² alone would underflow or overflow).
 */
export function div<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"div", A, B>): BinaryResult<"div", A, B> {
  return binaryOp(
    "div",
    a,
    b,
    (out, ad, bd) => (o, n, ia, sa, ib, sb) => {
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = ad[ia]! / bd[ib]!;
    },
    {
      reads: "b",
      row:
        (d, g, { b: bd }) =>
        (o, n, ib, sb) => {
          for (let j = 0; j < n; j++, ib += sb) d[o + j] = g[o + j]! / bd[ib]!;
        },
    },
    {
      reads: "ab",
      row:
        (d, g, { a: ad, b: bd }) =>
        (o, n, ia, sa, ib, sb) => {
          for (let j = 0; j < n; j++, ia += sa, ib += sb) {
            const v = bd[ib]!;
            d[o + j] = -g[o + j]! * (ad[ia]! / v / v);
          }
        },
    },
  ) as BinaryResult<"div", A, B>;
}
