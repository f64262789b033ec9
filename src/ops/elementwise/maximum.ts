import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { record } from "../../autograd/graph.js";
import { allocate } from "../../tensor/tensor.js";
import { broadcastRows } from "./kernel.js";
import { type BinaryResult, type Operand, planBinary, wrapOut } from "./operand.js";

/**
 * The larger of a and b elementwise with PyTorch broadcasting (torch.maximum); NaN if either is NaN. Either side may be a
 * plain number (torch.maximum itself takes tensors only). Gradient as PyTorch: gy to the larger side, split evenly
 * (gy/2 each) where a = b, and the full gy to both where a NaN is involved.
 */
export function maximum<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"maximum", A, B>): BinaryResult<"maximum", A, B> {
  const p = planBinary("maximum", a, b);
  const { shape, dtype, size } = p;
  const out = allocate(dtype, size);
  const ad = p.a.data;
  const bd = p.b.data;
  const aShape = p.a.shape;
  const bShape = p.b.shape;
  broadcastRows(shape, aShape, bShape, null, (o, n, ia, sa, ib, sb) => {
    for (let j = 0; j < n; j++, ia += sa, ib += sb) {
      const x = ad[ia]!;
      const v = bd[ib]!;
      out[o + j] = x > v ? x : x < v ? v : x === v ? x : NaN;
    }
  });
  const y = wrapOut(shape, dtype, out);
  return record("maximum", y, [p.a.tensor, p.b.tensor], (gy, needsGrad) => {
    const g = gy.data;
    let da = null;
    let db = null;
    if (needsGrad[0]) {
      const d = allocate(dtype, size);
      broadcastRows(shape, aShape, bShape, null, (o, n, ia, sa, ib, sb) => {
        for (let j = 0; j < n; j++, ia += sa, ib += sb) {
          const x = ad[ia]!;
          const v = bd[ib]!;
          d[o + j] = x === v ? g[o + j]! / 2 : x < v ? 0 : g[o + j]!;
        }
      });
      da = wrapOut(shape, dtype, d);
    }
    if (needsGrad[1]) {
      const d = allocate(dtype, size);
      broadcastRows(shape, aShape, bShape, null, (o, n, ia, sa, ib, sb) => {
        for (let j = 0; j < n; j++, ia += sa, ib += sb) {
          const x = ad[ia]!;
          const v = bd[ib]!;
          d[o + j] = x === v ? g[o + j]! / 2 : x > v ? 0 : g[o + j]!;
        }
      });
      db = wrapOut(shape, dtype, d);
    }
    return [da, db];
  }) as BinaryResult<"maximum", A, B>;
}
