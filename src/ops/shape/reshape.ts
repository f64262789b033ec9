import type { ReshapeShape } from "../../../types/ops/shape/reshape.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { overflow } from "../../messages/nat.js";
import { formatShape } from "../../tensor/format-shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { ShapeGuard } from "../result.js";
import { requireTensor, sizeOf, viewAs } from "./common.js";
import type { ShapedResult } from "../result.js";
import { reshapeBadDim, reshapeCannotSplit, reshapeCountMismatch, reshapeTwoInferred } from "./messages.js";

export type { ReshapeShape };

/**
 * Runtime twin of `ReshapeShape`: the target with its -1 inferred, checked in the same order (each target size
 * natural or -1, at most one -1, then the element counts).
 */
export function reshapeShape(op: string, xShape: readonly number[], target: readonly number[]): number[] {
  if (!Array.isArray(target)) throw new TypeError(`${op}: shape must be an array of sizes`);
  let hole = -1;
  let known = 1;
  for (let i = 0; i < target.length; i++) {
    const d = target[i]!;
    if (d === -1) {
      if (hole >= 0) throw new ShapeError(reshapeTwoInferred(op));
      hole = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(reshapeBadDim(op, i, `${d}`));
    } else {
      if (known * d > Number.MAX_SAFE_INTEGER) throw new ShapeError(overflow("Mul", `${known} * ${d}`));
      known *= d;
    }
  }
  const count = sizeOf(xShape);
  const out = [...target];
  if (hole >= 0) {
    if (known === 0 || count % known !== 0) throw new ShapeError(reshapeCannotSplit(op, count, formatShape(target)));
    out[hole] = count / known;
  } else if (known !== count) {
    throw new ShapeError(reshapeCountMismatch(op, formatShape(target), known, count));
  }
  return out;
}

/**
 * torch.reshape: x's elements, in row-major order, under `shape`; one entry may be -1 and is inferred. The
 * element counts must agree; with literal sizes the compiler proves it, e.g. `reshape(Tensor<[2, 3, 4]>, [-1, 4])`
 * is `Tensor<[6, 4]>`. The result shares x's data (tensors are contiguous and never written after they are made);
 * its gradient is gy under x's shape.
 */
export function reshape<S extends Shape, D extends DType, const T extends Shape>(
  x: Tensor<S, D>,
  shape: T & ShapeGuard<ReshapeShape<"reshape", S, T>>,
): ShapedResult<ReshapeShape<"reshape", S, T>, D> {
  const t = requireTensor("reshape", "x", x);
  return viewAs("reshape", t, reshapeShape("reshape", t.shape, shape));
}

/** torch.Tensor.view: `reshape` (every tensor here is contiguous), with its messages naming view. */
export function view<S extends Shape, D extends DType, const T extends Shape>(
  x: Tensor<S, D>,
  shape: T & ShapeGuard<ReshapeShape<"view", S, T>>,
): ShapedResult<ReshapeShape<"view", S, T>, D> {
  const t = requireTensor("view", "x", x);
  return viewAs("view", t, reshapeShape("view", t.shape, shape));
}
