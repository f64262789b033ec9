import type { AxisCheck, WrapRank } from "../../../types/ops/shape/common.js";
import type { SqueezeShape } from "../../../types/ops/shape/squeeze.js";
import type { OrMessage } from "../../../types/ops/common.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { normalizeWrappedAxis, requireTensor, viewAs } from "./common.js";
import type { ShapedResult } from "../result.js";

export type { SqueezeShape };

/** Runtime twin of `SqueezeShape`: without dim every size-1 axis goes; with dim, that axis if it is 1. */
export function squeezeShape(op: string, shape: readonly number[], dim: number | null | undefined): number[] {
  if (dim === null || dim === undefined) return shape.filter((d) => d !== 1);
  const k = normalizeWrappedAxis(op, dim, shape.length);
  if (shape.length === 0 || shape[k] !== 1) return [...shape];
  return [...shape.slice(0, k), ...shape.slice(k + 1)];
}

/**
 * torch.squeeze: removes axis dim if its size is 1 (another size is left as is, as in PyTorch), or, without dim,
 * every axis of size 1. `squeeze(Tensor<[2, 1, 3]>, 1)` is `Tensor<[2, 3]>`. Shares x's data.
 */
export function squeeze<S extends Shape, D extends DType, const A extends number | undefined = undefined>(
  x: Tensor<S, D>,
  dim?: OrMessage<A, [A] extends [number] ? AxisCheck<"squeeze", WrapRank<S["length"]>, A> : true>,
): ShapedResult<SqueezeShape<"squeeze", S, A>, D> {
  const t = requireTensor("squeeze", "x", x);
  return viewAs("squeeze", t, squeezeShape("squeeze", t.shape, dim as number | undefined));
}
