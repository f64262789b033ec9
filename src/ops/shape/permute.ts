import type { PermuteShape } from "../../../types/ops/shape/permute.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound } from "../../bounds/rule.js";
import { ShapeError } from "../../errors.js";
import { normalizeAxis } from "../../shape/axis.js";
import { formatShape } from "../../tensor/format-shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { ShapeGuard } from "../result.js";
import { type AnyTensor, inversePermutation, permuteData, requireTensor } from "./common.js";
import type { ShapedResult } from "../result.js";
import { permuteLength, permuteRepeat } from "./messages.js";

export type { PermuteShape };

/** Runtime twin of `PermuteShape`'s checks: dims as axes counted from the front, a permutation of x's axes. */
export function permuteAxes(op: string, rank: number, dims: readonly number[]): number[] {
  if (!Array.isArray(dims)) throw new TypeError(`${op}: dims must be an array of axes`);
  if (dims.length !== rank) throw new ShapeError(permuteLength(op, dims.length, rank));
  const seen = new Array<boolean>(rank).fill(false);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const k = normalizeAxis(op, dims[i]!, rank);
    if (seen[k]) throw new ShapeError(permuteRepeat(op, k, formatShape(dims)));
    seen[k] = true;
    out[i] = k;
  }
  return out;
}

/** x's data with its axes in `perm` order, recorded under `op`; the VJP permutes gy back by the inverse. */
export function permuteRecorded<R extends AnyTensor>(op: string, x: AnyTensor, perm: readonly number[]): R {
  const y = permuteData(x, perm);
  return record(
    op,
    y,
    [x],
    (gy) => [permuteData(gy, inversePermutation(perm))],
    // an exact copy: its bound rule re-runs it, with no rounding
    () => affineBound({ apply: ([v]) => permuteRecorded(op, v!, perm), rounding: 0 }),
  ) as AnyTensor as R;
}

/**
 * torch.permute: output axis i is x's axis dims[i] (negative axes count from the end). dims must be a
 * permutation of x's axes; the compiler proves it for literal dims (length, range, no repeat), e.g.
 * `permute(Tensor<[2, 3, 4]>, [2, 0, 1])` is `Tensor<[4, 2, 3]>`. The data is copied in the new order.
 */
export function permute<S extends Shape, D extends DType, const P extends Shape>(
  x: Tensor<S, D>,
  dims: P & ShapeGuard<PermuteShape<"permute", S, P>>,
): ShapedResult<PermuteShape<"permute", S, P>, D> {
  const t = requireTensor("permute", "x", x);
  return permuteRecorded("permute", t, permuteAxes("permute", t.shape.length, dims));
}
