import type { AxisCheck } from "../../../types/ops/shape/common.js";
import type { SelectIndexCheck, SelectShape } from "../../../types/ops/shape/select.js";
import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound } from "../../bounds/rule.js";
import { ShapeError } from "../../errors.js";
import { normalizeAxis } from "../../shape/axis.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import type { ShapedResult } from "../result.js";
import { type AnyTensor, aroundAxis, requireTensor } from "./common.js";
import { selectIndex } from "./messages.js";

export type { SelectShape };

/** A checked select: the axis and index counted from the front, and the output shape. */
export interface SelectPlan {
  readonly axis: number;
  readonly index: number;
  readonly shape: number[];
}

/** Runtime twin of `SelectShape`: the axis, then an integer index in [-size, size). */
export function selectPlan(op: string, shape: readonly number[], dim: number, index: number): SelectPlan {
  const k = normalizeAxis(op, dim, shape.length);
  const size = shape[k]!;
  if (!Number.isInteger(index) || index < -size || index >= size) throw new ShapeError(selectIndex(op, index, k, size));
  return { axis: k, index: index < 0 ? index + size : index, shape: shape.filter((_, i) => i !== k) };
}

/**
 * torch.select (`x[:, index]` in Python): the slice at `index` of axis dim, that axis removed (negative index
 * counting from the end), as a copy. `select(Tensor<[2, 5, 8]>, 1, -1)` is `Tensor<[2, 8]>`: the last step of a
 * sequence. Its gradient is gy at that index and 0 elsewhere.
 */
export function select<S extends Shape, D extends DType, const A extends number, const I extends number>(
  x: Tensor<S, D>,
  dim: OrMessage<A, AxisCheck<"select", S["length"], A>>,
  index: OrMessage<I, SelectIndexCheck<"select", S, A, I>>,
): ShapedResult<SelectShape<"select", S, A, I>, D> {
  const t = requireTensor("select", "x", x);
  return selectRecorded(t, selectPlan("select", t.shape, dim as number, index as number)) as ShapedResult<SelectShape<"select", S, A, I>, D>;
}

/** select's copy and tape entry for a checked plan; its bound rule re-runs it (an exact copy: no rounding). */
function selectRecorded(t: AnyTensor, plan: SelectPlan): AnyTensor {
  const xShape = t.shape;
  const { outer, inner } = aroundAxis(xShape, plan.axis);
  const xRow = xShape[plan.axis]! * inner;
  const offset = plan.index * inner;
  const xd = t.data;
  const out = allocate(t.dtype, outer * inner);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) out[o * inner + i] = xd[o * xRow + offset + i]!;
  const y = Tensor.wrap(plan.shape, t.dtype, out);
  return record(
    "select",
    y,
    [t],
    (gy) => {
      const gd = gy.data;
      const dx = allocate(gy.dtype, outer * xRow);
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) dx[o * xRow + offset + i] = gd[o * inner + i]!;
      return [Tensor.wrap(xShape, gy.dtype, dx)];
    },
    () => affineBound({ apply: ([v]) => selectRecorded(v!, plan), rounding: 0 }),
  );
}
