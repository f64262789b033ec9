import type { AxisCheck } from "../../../types/ops/shape/common.js";
import type { NarrowLengthCheck, NarrowShape, NarrowStartCheck } from "../../../types/ops/shape/narrow.js";
import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound } from "../../bounds/rule.js";
import { ShapeError } from "../../errors.js";
import { notNatural } from "../../messages/nat.js";
import { normalizeAxis } from "../../shape/axis.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { type AnyTensor, aroundAxis, requireTensor } from "./common.js";
import type { ShapedResult } from "../result.js";
import { narrowPastEnd, narrowStart } from "./messages.js";

export type { NarrowShape };

/** A checked narrow: the axis and start counted from the front, and the output shape. */
export interface NarrowPlan {
  readonly axis: number;
  readonly start: number;
  readonly shape: number[];
}

/** Runtime twin of `NarrowShape`: the axis, then start in [-size, size], then length natural and within the axis. */
export function narrowPlan(op: string, shape: readonly number[], dim: number, start: number, length: number): NarrowPlan {
  const k = normalizeAxis(op, dim, shape.length);
  const size = shape[k]!;
  if (!Number.isInteger(start) || start < -size || start > size) throw new ShapeError(narrowStart(op, start, k, size));
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(length) || length < 0) throw new ShapeError(notNatural(`${op}: length`, length));
  if (s + length > size) throw new ShapeError(narrowPastEnd(op, s, length, k, size));
  const out = [...shape];
  out[k] = length;
  return { axis: k, start: s, shape: out };
}

/** Copies `rows` runs: dst[o*dstRow + dstOff + i] = src[o*srcRow + srcOff + i] for i < run. */
function copyRows(
  src: ArrayLike<number>,
  srcRow: number,
  srcOff: number,
  dst: Float32Array | Float64Array,
  dstRow: number,
  dstOff: number,
  rows: number,
  run: number,
): void {
  for (let o = 0; o < rows; o++) {
    const a = o * srcRow + srcOff;
    const b = o * dstRow + dstOff;
    for (let i = 0; i < run; i++) dst[b + i] = src[a + i]!;
  }
}

/**
 * torch.narrow: `length` entries of axis dim from `start` (negative start counts from the end), as a copy. With
 * literal sizes the compiler proves the window fits: `narrow(Tensor<[2, 5, 3]>, 1, 1, 3)` is `Tensor<[2, 3, 3]>`.
 * Its gradient is gy in the window and 0 elsewhere.
 */
export function narrow<S extends Shape, D extends DType, const A extends number, const St extends number, const L extends number>(
  x: Tensor<S, D>,
  dim: OrMessage<A, AxisCheck<"narrow", S["length"], A>>,
  start: OrMessage<St, NarrowStartCheck<"narrow", S, A, St>>,
  length: OrMessage<L, NarrowLengthCheck<"narrow", S, A, St, L>>,
): ShapedResult<NarrowShape<"narrow", S, A, St, L>, D> {
  const t = requireTensor("narrow", "x", x);
  const plan = narrowPlan("narrow", t.shape, dim as number, start as number, length as number);
  return narrowRecorded(t, plan) as ShapedResult<NarrowShape<"narrow", S, A, St, L>, D>;
}

/** narrow's copy and tape entry for a checked plan; its bound rule re-runs it (an exact copy: no rounding). */
function narrowRecorded(t: AnyTensor, plan: NarrowPlan): AnyTensor {
  const xShape = t.shape;
  const { outer, inner } = aroundAxis(xShape, plan.axis);
  const xRow = xShape[plan.axis]! * inner;
  const yRow = plan.shape[plan.axis]! * inner;
  const offset = plan.start * inner;
  const out = allocate(t.dtype, outer * yRow);
  copyRows(t.data, xRow, offset, out, yRow, 0, outer, yRow);
  const y = Tensor.wrap(plan.shape, t.dtype, out);
  return record(
    "narrow",
    y,
    [t],
    (gy) => {
      const dx = allocate(gy.dtype, outer * xRow);
      copyRows(gy.data, yRow, 0, dx, xRow, offset, outer, yRow);
      return [Tensor.wrap(xShape, gy.dtype, dx)];
    },
    () => affineBound({ apply: ([v]) => narrowRecorded(v!, plan), rounding: 0 }),
  );
}
