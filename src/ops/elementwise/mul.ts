import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { absNumber, affineBound } from "../../bounds/rule.js";
import type { Tensor } from "../../tensor/tensor.js";
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
      row:
        (d, g, { b: bd }) =>
        (o, n, ib, sb) => {
          for (let j = 0; j < n; j++, ib += sb) d[o + j] = g[o + j]! * bd[ib]!;
        },
    },
    {
      reads: "a",
      row:
        (d, g, { a: ad }) =>
        (o, n, ia, sa) => {
          for (let j = 0; j < n; j++, ia += sa) d[o + j] = g[o + j]! * ad[ia]!;
        },
    },
    (ca, cb) =>
      affineBound({
        apply: ([ta, tb]) => mulAny((ta ?? ca) as Operand, (tb ?? cb) as Operand),
        abs: ([ta, tb]) => mulAny((ta ?? absNumber(ca)) as Operand, (tb ?? absNumber(cb)) as Operand),
        rounding: 1,
        affineIn: (p) => (p[0] && p[1] ? "both factors depend on the input (bounds support multiplication by a constant)" : null),
      }),
  ) as BinaryResult<"mul", A, B>;
}

const mulAny = mul as unknown as (a: Operand, b: Operand) => Tensor<Shape, DType>;
