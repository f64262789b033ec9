import type { DType, Shape } from "../../../types/tensor/shape.js";
import { currentBackend } from "../../backend.js";
import type { FloatArray } from "../../kernels/geometry.js";
import { denseOffsets, matmul as jsMatmul, type MatmulProblem } from "../../kernels/matmul.js";
import { allocate, type ArrayFor, kernelData, type Tensor } from "../../tensor/tensor.js";
import { opOutput } from "../output.js";

export type { MatmulProblem };

/** A fresh c = op(a) · op(b) (+ bias, then relu when asked) for problem p, on the current backend (the JS kernel if it has none). */
export function gemm<D extends DType>(dtype: D, p: MatmulProblem, a: FloatArray, b: FloatArray, bias: FloatArray | null, relu = false): ArrayFor<D> {
  const c = allocate(dtype, p.batch * p.m * p.n);
  if (c.length !== 0) gemmInto(p, a, b, bias, c, relu);
  return c;
}

/**
 * The tensor (of `shape`, dense) c = op(a) · op(b) (+ bias, then relu when asked) for problem p, on the current
 * backend; inside `tidy` it stays in the backend's memory when the backend keeps tensors there.
 */
export function product<D extends DType>(
  shape: readonly number[],
  p: MatmulProblem,
  a: Tensor<Shape, D>,
  b: Tensor<Shape, DType>,
  bias: Tensor<Shape, DType> | null,
  relu = false,
): Tensor<Shape, D> {
  const heap = currentBackend().residentHeap;
  const c = opOutput(a.dtype, p.batch * p.m * p.n, heap);
  if (c.array.length !== 0) gemmInto(p, kernelData(a, heap), kernelData(b, heap), bias === null ? null : kernelData(bias, heap), c.array, relu);
  return c.tensor(shape);
}

/** c = op(a) · op(b) (+ bias, then relu when asked) for problem p into an existing c (where p's layout puts each product), on the current backend. */
export function gemmInto(p: MatmulProblem, a: FloatArray, b: FloatArray, bias: FloatArray | null, c: FloatArray, relu = false): void {
  const backend = currentBackend();
  if (backend.matmul !== undefined) backend.matmul(p, a, b, bias, c, relu);
  else jsMatmul(p, a, b, bias, c, relu);
}

/** Where product i's matrix of one operand lies: at element offsets[i], its stored rows rowStride apart. */
export interface MatrixPlace {
  readonly offsets: Int32Array;
  readonly rowStride: number;
}

/** Matrices stored one after another, `size` elements each, rows `rowStride` apart; product i reads matrix index[i] (null: i). */
export function densePlace(batch: number, size: number, rowStride: number, index: Int32Array | null = null): MatrixPlace {
  return { offsets: denseOffsets(batch, size, index), rowStride };
}

/**
 * The batched problem c[i] = op(a[i]) · op(b[i]) with each operand where its place says: a plain problem with
 * batch indices when every operand is stored densely (so the backends take their fastest path), else one with a
 * strided layout.
 */
export function placedProblem(
  batch: number,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  a: MatrixPlace,
  b: MatrixPlace,
  c: MatrixPlace,
): MatmulProblem {
  const aIndex = denseIndex(a, batch, m * k, transA ? m : k);
  const bIndex = denseIndex(b, batch, k * n, transB ? k : n);
  const cIndex = denseIndex(c, batch, m * n, n);
  if (aIndex !== undefined && bIndex !== undefined && cIndex === null) return { batch, m, n, k, transA, transB, aIndex, bIndex };
  const layout = {
    aOffsets: a.offsets,
    aRowStride: a.rowStride,
    bOffsets: b.offsets,
    bRowStride: b.rowStride,
    cOffsets: c.offsets,
    cRowStride: c.rowStride,
  };
  return { batch, m, n, k, transA, transB, aIndex: null, bIndex: null, layout };
}

/** A dense place's batch index (null: product i reads matrix i); undefined when the place is strided. */
function denseIndex(place: MatrixPlace, batch: number, size: number, cols: number): Int32Array | null | undefined {
  if (place.rowStride !== cols) return undefined;
  let identity = true;
  const index = new Int32Array(batch);
  for (let i = 0; i < batch; i++) {
    const o = place.offsets[i]!;
    if (size === 0 ? o !== 0 : o % size !== 0) return undefined;
    index[i] = size === 0 ? i : o / size;
    if (index[i] !== i) identity = false;
  }
  return identity ? null : index;
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
