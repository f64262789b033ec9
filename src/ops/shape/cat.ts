import type { CatDimCheck, CatShape } from "../../../types/ops/shape/cat.js";
import type { ConcatDTypeCheck, ConcatShape } from "../../../types/ops/concat.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { OrMessage } from "../../../types/ops/common.js";
import { type DTypeOfFirst, joinAlong, type Shaped, type ShapesOf } from "../concat.js";
import type { ShapeGuard } from "../result.js";
import type { ShapedResult } from "../result.js";

export type { CatShape };

/** The check reported at `tensors`: none at all, then (when dim is in range) the shapes, then the dtypes. */
type CatPartsGuard<Ts extends readonly Shaped[], A extends number> =
  CatDimCheck<ShapesOf<Ts>, A> extends true ? FirstMessage<[ShapeGuard<ConcatShape<ShapesOf<Ts>, A, "cat">>, ConcatDTypeCheck<Ts, "cat">]> : unknown;

/**
 * torch.cat: the tensors joined along dim (negative counts from the end); every other axis must match and every
 * tensor have the first's dtype. `cat([Tensor<[2, 2, 3]>, Tensor<[2, 3, 3]>], 1)` is `Tensor<[2, 5, 3]>`. The
 * same op as `concat` under PyTorch's name, with an axis out of range reported at dim. Recorded on the tape.
 */
export function cat<const Ts extends readonly Shaped[], const A extends number>(
  tensors: Ts & CatPartsGuard<Ts, A>,
  dim: OrMessage<A, CatDimCheck<ShapesOf<Ts>, A>>,
): ShapedResult<CatShape<ShapesOf<Ts>, A>, DTypeOfFirst<Ts>> {
  return joinAlong("cat", tensors, dim as number) as ShapedResult<CatShape<ShapesOf<Ts>, A>, DTypeOfFirst<Ts>>;
}
