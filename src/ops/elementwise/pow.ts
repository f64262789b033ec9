import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { binaryOp } from "./binary-op.js";
import type { BinaryResult, Operand } from "./operand.js";

/** C's pow (as PyTorch): unlike Math.pow, pow(1, NaN) and pow(−1, ±∞) are 1. */
function powC(x: number, e: number): number {
  if (x === 1) return 1;
  if (x === -1 && (e === Infinity || e === -Infinity)) return 1;
  return x ** e;
}

/**
 * aᵇ elementwise with PyTorch broadcasting (torch.pow); either side may be a plain number (`pow(x, 2)`,
 * `pow(2, x)`). A number exponent is used as given, in double, as torch.pow keeps it (every other number operand is
 * rounded to the tensor's dtype first). Gradients as PyTorch: d/da = gy·b·a^(b−1), 0 where b = 0; d/db =
 * gy·aᵇ·ln a, 0 where a = 0 and b ≥ 0.
 */
export function pow<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"pow", A, B>): BinaryResult<"pow", A, B> {
  const exponent = typeof b === "number" ? Float64Array.of(b) : null;
  return binaryOp(
    "pow",
    a,
    b,
    (out, ad, bd) => {
      const ed = exponent ?? bd;
      return (o, n, ia, sa, ib, sb) => {
        for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = powC(ad[ia]!, ed[ib]!);
      };
    },
    {
      reads: "ab",
      row:
        (d, g, { a: ad, b: bd }) =>
        (o, n, ia, sa, ib, sb) => {
          const ed = exponent ?? bd;
          for (let j = 0; j < n; j++, ia += sa, ib += sb) {
            const e = ed[ib]!;
            d[o + j] = e === 0 ? 0 : g[o + j]! * e * powC(ad[ia]!, e - 1);
          }
        },
    },
    {
      reads: "ab",
      row:
        (d, g, { a: ad, b: bd, out }) =>
        (o, n, ia, sa, ib, sb) => {
          for (let j = 0; j < n; j++, ia += sa, ib += sb) {
            const x = ad[ia]!;
            d[o + j] = x === 0 && bd[ib]! >= 0 ? 0 : g[o + j]! * out[o + j]! * Math.log(x);
          }
        },
    },
  ) as BinaryResult<"pow", A, B>;
}
