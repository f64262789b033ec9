import type { NewAxisCheck } from "../../../types/ops/shape/common.js";
import type { StackPartsCheck, StackShape } from "../../../types/ops/shape/stack.js";
import type { ConcatDTypeCheck } from "../../../types/ops/concat.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound } from "../../bounds/rule.js";
import { ShapeError } from "../../errors.js";
import { concatBackward as splitKernel, concatForward } from "../../kernels/concat.js";
import { formatShape } from "../../tensor/format-shape.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import type { DTypeOfFirst, Shaped, ShapesOf } from "../concat.js";
import { requireDType } from "../dtype.js";
import { noTensors } from "../messages.js";
import type { ShapeGuard } from "../result.js";
import { normalizeNewAxis } from "./common.js";
import type { ShapedResult } from "../result.js";
import { stackShapeMismatch } from "./messages.js";

export type { StackShape };

/** Runtime twin of `StackShape`: at least one tensor, the new axis, equal shapes; the output shape and the axis. */
export function stackShape(op: string, shapes: readonly (readonly number[])[], dim: number): { shape: number[]; axis: number } {
  const first = shapes[0];
  if (first === undefined) throw new ShapeError(noTensors(op));
  const k = normalizeNewAxis(op, dim, first.length);
  for (let p = 1; p < shapes.length; p++) {
    const s = shapes[p]!;
    if (s.length !== first.length || s.some((d, j) => d !== first[j]))
      throw new ShapeError(stackShapeMismatch(op, p, formatShape(s), formatShape(first)));
  }
  return { shape: [...first.slice(0, k), shapes.length, ...first.slice(k)], axis: k };
}

/** The check reported at `tensors`: none at all, then (when dim is in range, as the runtime checks it first) the shapes, then the dtypes. */
type StackGuard<Ts extends readonly Shaped[], A extends number> =
  NewAxisCheck<"stack", FirstRank<Ts>, A> extends true
    ? FirstMessage<[ShapeGuard<StackPartsCheck<"stack", ShapesOf<Ts>>>, ConcatDTypeCheck<Ts, "stack">]>
    : unknown;
type FirstRank<Ts extends readonly Shaped[]> = Ts extends readonly [infer F extends Shaped, ...Shaped[]] ? F["shape"]["length"] : number;

/**
 * torch.stack: tensors of one shape joined along a new axis dim, in [-rank - 1, rank], of size tensors.length.
 * `stack([Tensor<[2, 3]>, Tensor<[2, 3]>], 0)` is `Tensor<[2, 2, 3]>`. Recorded on the tape: each tensor's
 * gradient is its slice of gy.
 */
export function stack<const Ts extends readonly Shaped[], const A extends number>(
  tensors: Ts & StackGuard<Ts, A>,
  dim: OrMessage<A, NewAxisCheck<"stack", FirstRank<Ts>, A>>,
): ShapedResult<StackShape<"stack", ShapesOf<Ts>, A>, DTypeOfFirst<Ts>> {
  if (!Array.isArray(tensors) || !tensors.every((t) => t instanceof Tensor)) throw new TypeError("stack: every part must be a Tensor");
  const parts = tensors as readonly Tensor<Shape, DType>[];
  const { shape, axis } = stackShape(
    "stack",
    parts.map((t) => t.shape),
    dim as number,
  );
  const dtype = parts[0]!.dtype;
  for (let p = 1; p < parts.length; p++) requireDType("stack", `tensor ${p}`, "tensor 0", dtype, parts[p]!.dtype);
  return stackRecorded(parts, shape, axis) as ShapedResult<StackShape<"stack", ShapesOf<Ts>, A>, DTypeOfFirst<Ts>>;
}

/** stack's copy and tape entry for checked parts; its bound rule re-runs it (an exact copy: no rounding). */
function stackRecorded(parts: readonly Tensor<Shape, DType>[], shape: number[], axis: number): Tensor<Shape, DType> {
  const dtype = parts[0]!.dtype;
  // Stacking at axis k is concatenating blocks: outer = the sizes before k, each part contributing one inner block.
  const first = parts[0]!.shape;
  let outer = 1;
  for (let j = 0; j < axis; j++) outer *= first[j]!;
  let inner = 1;
  for (let j = axis; j < first.length; j++) inner *= first[j]!;
  const count = parts.length;
  const inners = new Array<number>(count).fill(inner);
  const out = allocate(dtype, outer * inner * count, "stack");
  concatForward(
    parts.map((t) => t.data),
    outer,
    inners,
    out,
  );
  const y = Tensor.wrap(shape, dtype, out);
  return record(
    "stack",
    y,
    parts,
    (gy) => {
      const grads = Array.from({ length: count }, () => allocate(gy.dtype, outer * inner));
      splitKernel(gy.data, outer, inners, grads);
      return grads.map((g) => Tensor.wrap(first, gy.dtype, g));
    },
    () => affineBound({ apply: (args) => stackRecorded(args as readonly Tensor<Shape, DType>[], shape, axis), rounding: 0 }),
  );
}
