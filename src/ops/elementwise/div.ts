import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { record } from "../../autograd/graph.js";
import { allocate } from "../../tensor/tensor.js";
import { broadcastRows } from "./kernel.js";
import { type BinaryResult, type Operand, planBinary, wrapOut } from "./operand.js";

/**
 * a / b with PyTorch broadcasting (torch.div, true division); either side may be a plain number.
 * Gradients: gy / b and −gy·a / b² (PyTorch's formulas).
 */
export function div<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"div", A, B>): BinaryResult<"div", A, B> {
  const p = planBinary("div", a, b);
  const { shape, dtype, size } = p;
  const out = allocate(dtype, size);
  const ad = p.a.data;
  const bd = p.b.data;
  const aShape = p.a.shape;
  const bShape = p.b.shape;
  broadcastRows(shape, aShape, bShape, null, (o, n, ia, sa, ib, sb) => {
    for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = ad[ia]! / bd[ib]!;
  });
  const y = wrapOut(shape, dtype, out);
  return record("div", y, [p.a.tensor, p.b.tensor], (gy, needsGrad) => {
    const g = gy.data;
    let da = null;
    let db = null;
    if (needsGrad[0]) {
      const d = allocate(dtype, size);
      broadcastRows(shape, bShape, null, null, (o, n, ib, sb) => {
        for (let j = 0; j < n; j++, ib += sb) d[o + j] = g[o + j]! / bd[ib]!;
      });
      da = wrapOut(shape, dtype, d);
    }
    if (needsGrad[1]) {
      const d = allocate(dtype, size);
      broadcastRows(shape, aShape, bShape, null, (o, n, ia, sa, ib, sb) => {
        for (let j = 0; j < n; j++, ia += sa, ib += sb) {
          const v = bd[ib]!;
          d[o + j] = (-g[o + j]! * ad[ia]!) / (v * v);
        }
      });
      db = wrapOut(shape, dtype, d);
    }
    return [da, db];
  }) as BinaryResult<"div", A, B>;
}
