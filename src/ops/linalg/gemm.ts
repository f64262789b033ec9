import type { DType } from "../../../types/tensor/shape.js";
import { currentBackend } from "../../backend.js";
import type { FloatArray } from "../../kernels/geometry.js";
import { matmul as jsMatmul, type MatmulProblem } from "../../kernels/matmul.js";
import { allocate, type ArrayFor } from "../../tensor/tensor.js";

export type { MatmulProblem };

/** A fresh c = op(a) · op(b) (+ bias) for problem p, on the current backend (the JS kernel if it has none). */
export function gemm<D extends DType>(dtype: D, p: MatmulProblem, a: FloatArray, b: FloatArray, bias: FloatArray | null): ArrayFor<D> {
  const c = allocate(dtype, p.batch * p.m * p.n);
  if (c.length === 0) return c;
  const backend = currentBackend();
  if (backend.matmul !== undefined) backend.matmul(p, a, b, bias, c);
  else jsMatmul(p, a, b, bias, c);
  return c;
}

/** A problem of one matrix (no batch). */
export function single(m: number, n: number, k: number, transA: boolean, transB: boolean): MatmulProblem {
  return { batch: 1, m, n, k, transA, transB, aIndex: null, bIndex: null };
}

/**
 * For each matrix of a broadcast batch (row-major over `batch`), the matrix of an operand whose own batch
 * shape is `own` (aligned from the right; a size-1 or missing axis repeats): null when that is the identity.
 */
export function batchIndex(own: readonly number[], batch: readonly number[]): Int32Array | null {
  const total = batch.reduce((x, y) => x * y, 1);
  if (own.reduce((x, y) => x * y, 1) === total) return null;
  const rank = batch.length;
  const lead = rank - own.length;
  const stride = new Array<number>(rank).fill(0);
  let s = 1;
  for (let k = rank - 1; k >= lead; k--) {
    const d = own[k - lead]!;
    if (d !== 1) stride[k] = s;
    s *= d;
  }
  const index = new Int32Array(total);
  const at = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < total; i++) {
    index[i] = o;
    for (let k = rank - 1; k >= 0; k--) {
      at[k]!++;
      o += stride[k]!;
      if (at[k]! < batch[k]!) break;
      o -= stride[k]! * batch[k]!;
      at[k] = 0;
    }
  }
  return index;
}
