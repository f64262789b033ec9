import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { binaryOp } from "./binary-op.js";
import type { BinaryResult, Operand } from "./operand.js";

/** a · b with PyTorch broadcasting (torch.mul); either side may be a plain number. Gradients: gy·b and gy·a. */
export function mul<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"mul", A, B>): BinaryResult<"mul", A, B> {
  return binaryOp(
    "mul",
    a,
    b,
    (out, ad, bd) => (o, n, ia, sa, ib, sb) => {
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = ad[ia]! * bd[ib]!;
    },
    {
      reads: "b",
      row: (d, g, { b: bd }) => (o, n, ib, sb) => {
        for (let j = 0; j < n; j++, ib += sb) d[o + j] = g[o + j]! * bd[ib]!;
      },
    },
    {
      reads: "a",
      row: (d, g, { a: ad }) => (o, n, ia, sa) => {
        for (let j = 0; j < n; j++, ia += sa) d[o + j] = g[o + j]! * ad[ia]!;
      },
    },
  ) as BinaryResult<"mul", A, B>;
}
