import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { record } from "../../autograd/graph.js";
import { allocate } from "../../tensor/tensor.js";
import { broadcastRows } from "./kernel.js";
import { type BinaryResult, type Operand, planBinary, wrapOut } from "./operand.js";

/** a · b with PyTorch broadcasting (torch.mul); either side may be a plain number. Gradients: gy·b and gy·a. */
export function mul<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"mul", A, B>): BinaryResult<"mul", A, B> {
  const p = planBinary("mul", a, b);
  const { shape, dtype, size } = p;
  const out = allocate(dtype, size);
  const ad = p.a.data;
  const bd = p.b.data;
  const aShape = p.a.shape;
  const bShape = p.b.shape;
  broadcastRows(shape, aShape, bShape, null, (o, n, ia, sa, ib, sb) => {
    for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = ad[ia]! * bd[ib]!;
  });
  const y = wrapOut(shape, dtype, out);
  return record("mul", y, [p.a.tensor, p.b.tensor], (gy, needsGrad) => {
    const g = gy.data;
    let da = null;
    let db = null;
    if (needsGrad[0]) {
      const d = allocate(dtype, size);
      broadcastRows(shape, bShape, null, null, (o, n, ib, sb) => {
        for (let j = 0; j < n; j++, ib += sb) d[o + j] = g[o + j]! * bd[ib]!;
      });
      da = wrapOut(shape, dtype, d);
    }
    if (needsGrad[1]) {
      const d = allocate(dtype, size);
      broadcastRows(shape, aShape, null, null, (o, n, ia, sa) => {
        for (let j = 0; j < n; j++, ia += sa) d[o + j] = g[o + j]! * ad[ia]!;
      });
      db = wrapOut(shape, dtype, d);
    }
    return [da, db];
  }) as BinaryResult<"mul", A, B>;
}
