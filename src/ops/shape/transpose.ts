import type { AxisCheck, WrapRank } from "../../../types/ops/shape/common.js";
import type { TransposeShape } from "../../../types/ops/shape/transpose.js";
import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { normalizeWrappedAxis, requireTensor } from "./common.js";
import type { ShapedResult } from "../result.js";
import { permuteRecorded } from "./permute.js";

export type { TransposeShape };

/** The permutation that swaps axes dim0 and dim1 (after the runtime twin of TransposeShape's axis checks). */
export function transposePermutation(op: string, rank: number, dim0: number, dim1: number): number[] {
  const k0 = normalizeWrappedAxis(op, dim0, rank);
  const k1 = normalizeWrappedAxis(op, dim1, rank);
  const perm = Array.from({ length: rank }, (_, i) => i);
  if (rank > 0) {
    perm[k0] = k1;
    perm[k1] = k0;
  }
  return perm;
}

type Rank<S extends Shape> = WrapRank<S["length"]>;

/**
 * torch.transpose: axes dim0 and dim1 swapped (negative axes count from the end). Generic sizes are kept:
 * `transpose(Tensor<[N, C, L]>, 1, 2)` is `Tensor<[N, L, C]>`. The data is copied in the new order.
 */
export function transpose<S extends Shape, D extends DType, const A0 extends number, const A1 extends number>(
  x: Tensor<S, D>,
  dim0: OrMessage<A0, AxisCheck<"transpose", Rank<S>, A0>>,
  dim1: OrMessage<A1, AxisCheck<"transpose", Rank<S>, A1>>,
): ShapedResult<TransposeShape<"transpose", S, A0, A1>, D> {
  const t = requireTensor("transpose", "x", x);
  return permuteRecorded("transpose", t, transposePermutation("transpose", t.shape.length, dim0 as number, dim1 as number));
}
