import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { record } from "../../autograd/graph.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { absNumber, affineBound } from "../../bounds/rule.js";
import { allocate, type Tensor } from "../../tensor/tensor.js";
import { broadcastRows } from "./kernel.js";
import { asComputed, type BinaryResult, type Operand, planBinary, wrapOut } from "./operand.js";

/**
 * a + b with PyTorch broadcasting (torch.add); either side may be a plain number. The result's shape is computed
 * by the compiler; a mismatch is reported at `b`: `add: cannot broadcast axis -1: 4 vs 5`. Both gradients are gy
 * (at the output's shape; the engine sums broadcast axes).
 */
export function add<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"add", A, B>): BinaryResult<"add", A, B> {
  const p = planBinary("add", a, b);
  const out = allocate(p.dtype, p.size);
  const ad = p.a.data;
  const bd = p.b.data;
  broadcastRows(p.shape, p.a.shape, p.b.shape, null, (o, n, ia, sa, ib, sb) => {
    for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = ad[ia]! + bd[ib]!;
  });
  const y = wrapOut(p.shape, p.dtype, out);
  return record(
    "add",
    y,
    [p.a.tensor, p.b.tensor],
    (gy) => [gy, gy],
    () => {
      // a number as the forward computed with it (rounded to float32 for a float32 result)
      const ca = asComputed(a, p.a);
      const cb = asComputed(b as Operand, p.b);
      return affineBound({
        apply: ([ta, tb]) => addAny((ta ?? ca) as Operand, (tb ?? cb) as Operand),
        abs: ([ta, tb]) => addAny((ta ?? absNumber(ca)) as Operand, (tb ?? absNumber(cb)) as Operand),
        rounding: 1,
      });
    },
  ) as BinaryResult<"add", A, B>;
}

/** add without its compile-time guards, for bound rules re-running it on float64 operands. */
export const addAny = add as unknown as (a: Operand, b: Operand) => Tensor<Shape, DType>;
