import type { WhereAGuard, WhereBGuard, WhereDType, WhereShape } from "../../../types/ops/elementwise/where.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { broadcastShapes } from "../../shape/broadcast.js";
import { allocate, type Tensor } from "../../tensor/tensor.js";
import { requireDType } from "../dtype.js";
import { broadcastRows } from "./kernel.js";
import type { ShapedResult } from "../result.js";
import { sizeOf } from "../shape/common.js";
import { type Operand, operandTensor, sideOf, wrapOut } from "./operand.js";

/**
 * a where cond is nonzero, else b (torch.where); cond (0/1, any nonzero is true, NaN included), a and b broadcast
 * together, and a or b may be a plain number. A shape mismatch is reported at `a` (cond with a) or `b`. The
 * gradient of a is gy where cond holds, of b elsewhere; cond gets none.
 */
export function where<CS extends Shape, CD extends DType, A extends Operand, B extends Operand>(
  cond: Tensor<CS, CD>,
  a: A & WhereAGuard<CS, A>,
  b: B & WhereBGuard<CS, A, B>,
): ShapedResult<WhereShape<CS, A, B>, WhereDType<CD, A, B>> {
  const ta = operandTensor("where", "a", a);
  const tb = operandTensor("where", "b", b);
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, ta === null ? [] : ta.shape), tb === null ? [] : tb.shape);
  if (ta !== null && tb !== null) requireDType("where", "b", "a", ta.dtype, tb.dtype);
  const dtype = (ta ?? tb ?? cond).dtype;
  const size = sizeOf(shape);
  const sa = sideOf(a, ta, dtype);
  const sb = sideOf(b, tb, dtype);
  const cd = cond.data;
  const ad = sa.data;
  const bd = sb.data;
  const cShape = cond.shape;
  const out = allocate(dtype, size);
  broadcastRows(shape, cShape, sa.shape, sb.shape, (o, n, ic, sc, ia, sta, ib, stb) => {
    for (let j = 0; j < n; j++, ic += sc, ia += sta, ib += stb) out[o + j] = cd[ic]! !== 0 ? ad[ia]! : bd[ib]!;
  });
  const y = wrapOut(shape, dtype, out);
  return record("where", y, [ta, tb], (gy, needsGrad) => {
    const g = gy.data;
    const grads = [null, null] as (Tensor<Shape, DType> | null)[];
    for (let side = 0; side < 2; side++) {
      if (!needsGrad[side]) continue;
      const d = allocate(dtype, size);
      const takeA = side === 0;
      broadcastRows(shape, cShape, null, null, (o, n, ic, sc) => {
        for (let j = 0; j < n; j++, ic += sc) d[o + j] = (cd[ic]! !== 0) === takeA ? g[o + j]! : 0;
      });
      grads[side] = wrapOut(shape, dtype, d);
    }
    return grads;
  }) as ShapedResult<WhereShape<CS, A, B>, WhereDType<CD, A, B>>;
}
