import type { NewAxisCheck } from "../../../types/ops/shape/common.js";
import type { UnsqueezeShape } from "../../../types/ops/shape/unsqueeze.js";
import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { normalizeNewAxis, requireTensor, viewAs } from "./common.js";
import type { ShapedResult } from "../result.js";

export type { UnsqueezeShape };

/** Runtime twin of `UnsqueezeShape`. */
export function unsqueezeShape(op: string, shape: readonly number[], dim: number): number[] {
  const k = normalizeNewAxis(op, dim, shape.length);
  return [...shape.slice(0, k), 1, ...shape.slice(k)];
}

/**
 * torch.unsqueeze: a size-1 axis inserted at dim, in [-rank - 1, rank] (negative counts from the end of the
 * result). `unsqueeze(Tensor<[N, D]>, 0)` is `Tensor<[1, N, D]>`. Shares x's data.
 */
export function unsqueeze<S extends Shape, D extends DType, const A extends number>(
  x: Tensor<S, D>,
  dim: OrMessage<A, NewAxisCheck<"unsqueeze", S["length"], A>>,
): ShapedResult<UnsqueezeShape<"unsqueeze", S, A>, D> {
  const t = requireTensor("unsqueeze", "x", x);
  return viewAs("unsqueeze", t, unsqueezeShape("unsqueeze", t.shape, dim as number));
}
