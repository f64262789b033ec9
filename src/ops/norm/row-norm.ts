import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import type { BoundRule } from "../../bounds/rule.js";
import type { ResidentHeap } from "../../tensor/resident.js";
import { type ArrayFor, kernelData, type Tensor } from "../../tensor/tensor.js";
import { opOutput } from "../output.js";

type AnyTensor = Tensor<Shape, DType>;

/** Each normalized row's mean and 1 / sqrt(biased variance + eps), as the forward computed them (float64). */
export interface RowMoments {
  readonly mean: Float64Array;
  readonly rstd: Float64Array;
}

/**
 * The statistics layerNorm and groupNorm normalize with: for each of `rows` contiguous rows of `inner` elements,
 * the mean and 1 / sqrt(var + eps) with the biased variance, in two passes accumulated in float64.
 */
export function rowMoments(xd: ArrayLike<number>, rows: number, inner: number, eps: number): RowMoments {
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    let sum = 0;
    for (let j = 0; j < inner; j++) sum += xd[base + j]!;
    const m = sum / inner;
    let sq = 0;
    for (let j = 0; j < inner; j++) {
      const d = xd[base + j]! - m;
      sq += d * d;
    }
    mean[r] = m;
    rstd[r] = 1 / Math.sqrt(sq / inner + eps);
  }
  return { mean, rstd };
}

/**
 * Records a normalization `out = op(x, weight, bias)` on the tape: the VJP allocates the gradients that are
 * needed (x's at x's size, weight's and bias's at `paramSize`), lets `backward(gy, dx, dw, db)` fill them, and
 * wraps each at its input's shape. They are zeroed JS arrays, or, when `overwriting()` names a heap at backward time
 * (a kernel that overwrites each will run), that heap's blocks inside `tidy`; gy is read through the same heap.
 */
export function recordNorm(
  op: string,
  out: AnyTensor,
  x: AnyTensor,
  w: AnyTensor | null,
  b: AnyTensor | null,
  paramSize: number,
  backward: (gy: ArrayLike<number>, dx: ArrayFor<DType> | null, dw: ArrayFor<DType> | null, db: ArrayFor<DType> | null) => void,
  bound?: () => BoundRule,
  overwriting: () => ResidentHeap | null = () => null,
): void {
  const dtype = x.dtype;
  const xShape = x.shape;
  const size = x.size;
  const wShape = w === null ? null : w.shape;
  const bShape = b === null ? null : b.shape;
  record(
    op,
    out,
    [x, w, b],
    (gy, needs) => {
      const heap = overwriting();
      const dx = needs[0] ? opOutput(dtype, size, heap) : null;
      const dw = needs[1] && wShape !== null ? opOutput(dtype, paramSize, heap) : null;
      const db = needs[2] && bShape !== null ? opOutput(dtype, paramSize, heap) : null;
      backward(kernelData(gy, heap), dx?.array ?? null, dw?.array ?? null, db?.array ?? null);
      return [
        dx === null ? null : dx.tensor(xShape),
        dw === null || wShape === null ? null : dw.tensor(wShape),
        db === null || bShape === null ? null : db.tensor(bShape),
      ];
    },
    bound,
  );
}
