import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { record } from "../../autograd/graph.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { absNumber, affineBound } from "../../bounds/rule.js";
import { allocate, type Tensor } from "../../tensor/tensor.js";
import { addAny } from "./add.js";
import { broadcastRows } from "./kernel.js";
import { asComputed, type BinaryResult, type Operand, planBinary, wrapOut } from "./operand.js";

/**
 * a − b with PyTorch broadcasting (torch.sub); either side may be a plain number (`sub(1, x)` is PyTorch's
 * rsub). Gradients: gy for a, −gy for b, at the output's shape.
 */
export function sub<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"sub", A, B>): BinaryResult<"sub", A, B> {
  const p = planBinary("sub", a, b);
  const out = allocate(p.dtype, p.size);
  const ad = p.a.data;
  const bd = p.b.data;
  broadcastRows(p.shape, p.a.shape, p.b.shape, null, (o, n, ia, sa, ib, sb) => {
    for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = ad[ia]! - bd[ib]!;
  });
  const y = wrapOut(p.shape, p.dtype, out);
  return record(
    "sub",
    y,
    [p.a.tensor, p.b.tensor],
    (gy, needsGrad) => {
      const da = needsGrad[0] ? gy : null;
      if (!needsGrad[1]) return [da, null];
      const g = gy.data;
      const db = allocate(gy.dtype, g.length);
      for (let i = 0; i < g.length; i++) db[i] = -g[i]!;
      return [da, wrapOut(gy.shape, gy.dtype, db)];
    },
    () => {
      // a number as the forward computed with it (rounded to float32 for a float32 result)
      const ca = asComputed(a, p.a);
      const cb = asComputed(b as Operand, p.b);
      return affineBound({
        apply: ([ta, tb]) => subAny((ta ?? ca) as Operand, (tb ?? cb) as Operand),
        // |∂(a − b)/∂b| = 1: the |coefficient| map of a − b is a + b (constants already |·| by the engine)
        abs: ([ta, tb]) => addAny((ta ?? absNumber(ca)) as Operand, (tb ?? absNumber(cb)) as Operand),
        rounding: 1,
      });
    },
  ) as BinaryResult<"sub", A, B>;
}

const subAny = sub as unknown as (a: Operand, b: Operand) => Tensor<Shape, DType>;
