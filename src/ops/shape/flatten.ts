import type { FlattenEndCheck, FlattenShape } from "../../../types/ops/shape/flatten.js";
import type { AxisCheck, WrapRank } from "../../../types/ops/shape/common.js";
import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { normalizeWrappedAxis, requireTensor, viewAs } from "./common.js";
import type { ShapedResult } from "../result.js";
import { flattenOrder } from "./messages.js";

export type { FlattenShape };

/** Runtime twin of `FlattenShape`: startDim, endDim, their order, then the merged shape. */
export function flattenShape(op: string, shape: readonly number[], startDim: number, endDim: number): number[] {
  const rank = shape.length;
  const k0 = normalizeWrappedAxis(op, startDim, rank);
  const k1 = normalizeWrappedAxis(op, endDim, rank);
  if (k1 < k0) throw new ShapeError(flattenOrder(op, k0, k1));
  if (rank === 0) return [1];
  let merged = 1;
  for (let k = k0; k <= k1; k++) merged *= shape[k]!;
  return [...shape.slice(0, k0), merged, ...shape.slice(k1 + 1)];
}

type Rank<S extends Shape> = WrapRank<S["length"]>;

/**
 * torch.flatten: axes startDim..endDim (inclusive; default all) become one, their sizes multiplied; negative axes
 * count from the end. `flatten(Tensor<[2, 3, 4]>, 1)` is `Tensor<[2, 12]>`. Shares x's data, as reshape.
 */
export function flatten<S extends Shape, D extends DType, const A0 extends number = 0, const A1 extends number = -1>(
  x: Tensor<S, D>,
  startDim?: OrMessage<A0, AxisCheck<"flatten", Rank<S>, A0>>,
  endDim?: OrMessage<A1, FlattenEndCheck<"flatten", S, A0, A1>>,
): ShapedResult<FlattenShape<"flatten", S, A0, A1>, D> {
  const t = requireTensor("flatten", "x", x);
  return viewAs("flatten", t, flattenShape("flatten", t.shape, (startDim ?? 0) as number, (endDim ?? -1) as number));
}
