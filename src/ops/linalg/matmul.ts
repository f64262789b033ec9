import type { MatmulBGuard, MatmulRank, MatmulShape } from "../../../types/ops/linalg/matmul.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { ShapeError } from "../../errors.js";
import { broadcastShapes } from "../../shape/broadcast.js";
import { badRank } from "../../tensor/messages.js";
import type { Tensor } from "../../tensor/tensor.js";
import { requireDType } from "../dtype.js";
import type { ShapedResult, ShapeGuard } from "../result.js";
import { batchIndex, type MatmulProblem, product } from "./gemm.js";
import { requireElementCount } from "../../tensor/element-limit.js";
import { requireTensor } from "../tensor-arg.js";
import { matmulInnerMismatch } from "./messages.js";

export type { MatmulShape };

/** matmul's shapes, checked once (the runtime twin of MatmulShape, same sentences, same order). */
export interface MatmulPlan {
  readonly outShape: number[];
  /** The broadcast batch shape. */
  readonly batch: number[];
  /** Rows of a's matrices (1 for a 1-D a), the contracted size, columns of b's (1 for a 1-D b). */
  readonly rows: number;
  readonly inner: number;
  readonly cols: number;
  readonly aIndex: Int32Array | null;
  readonly bIndex: Int32Array | null;
  /**
   * b is one matrix and a's batch is the whole batch: the batch folds into a's rows, so every product is one
   * GEMM (the forward, dA, and dB summed over the batch by the GEMM itself).
   */
  readonly fold: boolean;
  readonly aOneD: boolean;
  readonly bOneD: boolean;
}

export function planMatmul(aShape: readonly number[], bShape: readonly number[]): MatmulPlan {
  if (aShape.length === 0) throw new ShapeError(badRank("matmul", "a", "at least 1-D", 0));
  if (bShape.length === 0) throw new ShapeError(badRank("matmul", "b", "at least 1-D", 0));
  const aOneD = aShape.length === 1;
  const bOneD = bShape.length === 1;
  const rows = aOneD ? 1 : aShape[aShape.length - 2]!;
  const inner = aShape[aShape.length - 1]!;
  const bInner = bOneD ? bShape[0]! : bShape[bShape.length - 2]!;
  const cols = bOneD ? 1 : bShape[bShape.length - 1]!;
  if (inner !== bInner) throw new ShapeError(matmulInnerMismatch(bOneD ? 0 : -2, inner, bInner));
  const aBatch = aOneD ? [] : aShape.slice(0, -2);
  const bBatch = bOneD ? [] : bShape.slice(0, -2);
  // Two 1s appended so a failing axis is named as an axis of a and b (from the right), as the type does.
  const batch = broadcastShapes("matmul", [...aBatch, 1, 1], [...bBatch, 1, 1]).slice(0, -2);
  const outShape = [...batch, ...(aOneD ? [] : [rows]), ...(bOneD ? [] : [cols])];
  const aIndex = batchIndex(aBatch, batch);
  const bIndex = batchIndex(bBatch, batch);
  const fold = aIndex === null && bBatch.every((d) => d === 1);
  return { outShape, batch, rows, inner, cols, aIndex, bIndex, fold, aOneD, bOneD };
}

/** The batched problem of plan p with operands transposed as asked (fold: one tall matrix). */
function problem(
  p: MatmulPlan,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  aIndex: Int32Array | null,
  bIndex: Int32Array | null,
): MatmulProblem {
  const batch = p.batch.reduce((x, y) => x * y, 1);
  return { batch, m, n, k, transA, transB, aIndex, bIndex };
}

/**
 * Matrix product with torch.matmul's rules: 1-D · 1-D is the dot product (shape `[]`); a 1-D `a` is a row
 * vector and a 1-D `b` a column vector (the added axis removed from the result); batch axes (all but the last
 * two) broadcast. The output shape is computed by the compiler; a mismatch is a compile error at `b` naming
 * both sizes, e.g. `"matmul: a's last axis and b's axis -2 must match: 4 vs 5"`, and the same ShapeError at
 * run time for `number` sizes. Gradients: dA = gy · Bᵀ, dB = Aᵀ · gy (broadcast batch axes summed by the tape).
 */
export function matmul<A extends Shape, B extends Shape, D extends DType, BD extends DType = D>(
  a: Tensor<A, D> & ShapeGuard<MatmulRank<A, "a">>,
  b: Tensor<B, BD> & MatmulBGuard<A, B, D, BD>,
): ShapedResult<MatmulShape<A, B>, D> {
  return runMatmul(a as Tensor<Shape, D>, b as Tensor<Shape, DType>) as ShapedResult<MatmulShape<A, B>, D>;
}

function runMatmul<D extends DType>(a: Tensor<Shape, D>, b: Tensor<Shape, DType>): Tensor<Shape, D> {
  requireTensor("matmul", "a", a);
  requireTensor("matmul", "b", b);
  const p = planMatmul(a.shape, b.shape);
  requireDType("matmul", "b", "a", a.dtype, b.dtype);
  requireElementCount(
    "matmul",
    "the result",
    p.outShape.reduce((x, y) => x * y, 1),
  );
  const { rows, inner, cols, fold } = p;
  const batch = p.batch.reduce((x, y) => x * y, 1);
  const forward = fold
    ? { batch: 1, m: batch * rows, n: cols, k: inner, transA: false, transB: false, aIndex: null, bIndex: null }
    : problem(p, rows, cols, inner, false, false, p.aIndex, p.bIndex);
  const y = product(p.outShape, forward, a, b, null);
  return record("matmul", y, [a, b], (gy, needsGrad) => {
    let da: Tensor<Shape, DType> | null = null;
    let db: Tensor<Shape, DType> | null = null;
    if (needsGrad[0]) {
      // dA[i] = gy[i] · B[bIndex[i]]ᵀ, at the broadcast batch shape (a 1-D a: its row axis removed).
      const q = fold
        ? { batch: 1, m: batch * rows, n: inner, k: cols, transA: false, transB: true, aIndex: null, bIndex: null }
        : problem(p, rows, inner, cols, false, true, null, p.bIndex);
      da = product([...p.batch, ...(p.aOneD ? [] : [rows]), inner], q, gy, b, null);
    }
    if (needsGrad[1]) {
      // dB[i] = A[aIndex[i]]ᵀ · gy[i]; folded, the sum over the batch is the GEMM's own inner sum.
      if (fold) {
        const q = { batch: 1, m: inner, n: cols, k: batch * rows, transA: true, transB: false, aIndex: null, bIndex: null };
        db = product([...b.shape], q, a, gy, null);
      } else {
        const q = problem(p, inner, cols, rows, true, false, p.aIndex, null);
        db = product([...p.batch, inner, ...(p.bOneD ? [] : [cols])], q, a, gy, null);
      }
    }
    return [da, db];
  });
}
