import type { BinaryOperand } from "../../../types/ops/elementwise/binary.js";
import { record } from "../../autograd/graph.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { absNumber, affineBound } from "../../bounds/rule.js";
import { currentBackend } from "../../backend.js";
import { sameShape } from "../../shape/same-shape.js";
import { allocate, kernelData, Tensor } from "../../tensor/tensor.js";
import { opOutput } from "../output.js";
import { insideTidy } from "../../tensor/tidy.js";
import { broadcastRows } from "./kernel.js";
import { asComputed, type BinaryPlan, type BinaryResult, type Operand, planBinary, wrapOut } from "./operand.js";

/**
 * a + b with PyTorch broadcasting (torch.add); either side may be a plain number. The result's shape is computed
 * by the compiler; a mismatch is reported at `b`: `add: cannot broadcast axis -1: 4 vs 5`. Both gradients are gy
 * (at the output's shape; the engine sums broadcast axes).
 */
export function add<A extends Operand, B extends Operand>(a: A, b: BinaryOperand<"add", A, B>): BinaryResult<"add", A, B> {
  const p = planBinary("add", a, b);
  const y = p.a.tensor !== null && p.b.tensor !== null && sameShape(p.a.shape, p.b.shape) ? addSameShape(p.a.tensor, p.b.tensor) : addBroadcast(p);
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

/** a + b over the broadcast output, in JS. */
function addBroadcast(p: BinaryPlan): Tensor<Shape, DType> {
  const out = allocate(p.dtype, p.size);
  const ad = p.a.data;
  const bd = p.b.data;
  broadcastRows(p.shape, p.a.shape, p.b.shape, null, (o, n, ia, sa, ib, sb) => {
    for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = ad[ia]! + bd[ib]!;
  });
  return wrapOut(p.shape, p.dtype, out);
}

/**
 * a + b for two tensors of one shape and dtype, not recorded: the add op's common case and the tape's sum of two
 * gradients. Inside `tidy`, float32 on a backend with a resident heap and `addArrays` runs there, in its memory
 * (elsewhere a kernel call would cost more in copies than the JS loop).
 */
export function addSameShape<S extends Shape, D extends DType>(a: Tensor<S, D>, b: Tensor<Shape, D>): Tensor<S, D> {
  const backend = currentBackend();
  const heap = backend.residentHeap;
  if (a.dtype === "float32" && a.size > 0 && heap && insideTidy() && backend.addArrays !== undefined) {
    const out = opOutput(a.dtype, a.size, heap);
    backend.addArrays(kernelData(a, heap) as Float32Array, kernelData(b, heap) as Float32Array, out.array as Float32Array);
    return out.tensor(a.shape);
  }
  const out = allocate(a.dtype, a.size);
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < out.length; i++) out[i] = ad[i]! + bd[i]!;
  return Tensor.wrap(a.shape, a.dtype, out);
}

/** add without its compile-time guards, for bound rules re-running it on float64 operands. */
export const addAny = add as unknown as (a: Operand, b: Operand) => Tensor<Shape, DType>;
