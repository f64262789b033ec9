import type { FloatArray } from "./geometry.js";
import { reluForward } from "./relu-forward.js";

/**
 * One batched matrix product, as matmul and linear hand it to a backend:
 *
 *   c[i] = op(a[aIndex[i]]) · op(b[bIndex[i]]) (+ bias, one value per column)   for i < batch
 *
 * c holds `batch` row-major m x n matrices. Each matrix of `a` has m·k elements, stored m x k
 * (row-major), or k x m when `transA` (so op(a) is the transpose of what is stored: Aᵀ·B needs no
 * materialised transpose); each matrix of `b` has k·n elements, k x n, or n x k when `transB`.
 * `aIndex`/`bIndex` map output matrix i to an operand matrix (broadcast batch axes); null means i.
 */
export interface MatmulProblem {
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly aIndex: Int32Array | null;
  readonly bIndex: Int32Array | null;
  /**
   * Where the matrices lie when they are not stored one after another (a head's columns of a packed projection):
   * absent, matrix j of a starts at j·m·k and its stored rows are k apart (m apart when `transA`), and so on.
   * Given, aIndex and bIndex must be null and every operand is addressed per product i.
   */
  readonly layout?: MatmulLayout;
}

/**
 * Product i reads a's stored matrix at element `aOffsets[i]`, its stored rows `aRowStride` apart (a stored row is
 * a row of op(a), or a column when `transA`); likewise b; and writes c's matrix at `cOffsets[i]`, rows
 * `cRowStride` apart. Rows of distinct products may interleave (heads side by side in one row) but never overlap.
 */
export interface MatmulLayout {
  readonly aOffsets: Int32Array;
  readonly aRowStride: number;
  readonly bOffsets: Int32Array;
  readonly bRowStride: number;
  readonly cOffsets: Int32Array;
  readonly cRowStride: number;
}

/** Element offsets of `batch` matrices of `size` elements stored one after another; product i reads matrix index[i] (null: i). */
export function denseOffsets(batch: number, size: number, index: Int32Array | null): Int32Array {
  const offsets = new Int32Array(batch);
  for (let i = 0; i < batch; i++) offsets[i] = (index === null ? i : index[i]!) * size;
  return offsets;
}

/** The layout of a problem: its own, or the dense one its batch indices imply. */
export function layoutOf(p: MatmulProblem): MatmulLayout {
  if (p.layout !== undefined) return p.layout;
  const { batch, m, n, k, transA, transB, aIndex, bIndex } = p;
  return {
    aOffsets: denseOffsets(batch, m * k, aIndex),
    aRowStride: transA ? m : k,
    bOffsets: denseOffsets(batch, k * n, bIndex),
    bRowStride: transB ? k : n,
    cOffsets: denseOffsets(batch, m * n, null),
    cRowStride: n,
  };
}

/** Columns of the packed panels and of the register tile (4 x 4 accumulators). */
const R = 4;
/** Columns of c computed per sweep over one packed A panel: their B panels (NC·k values) stay in cache. */
const NC = 64;

/**
 * Packs matrix `index` of `src` (rows x depth as op() reads it) in panels of 4 rows, zero-padded:
 * dst[(r >> 2) * depth * 4 + kk * 4 + (r & 3)] = X[r][kk], where X[r][kk] = src[base + r * rs + kk * ks].
 */
function pack(src: FloatArray, base: number, rows: number, depth: number, rs: number, ks: number, dst: Float64Array): void {
  const panels = (rows + R - 1) >> 2;
  for (let p = 0; p < panels; p++) {
    const r0 = p * R;
    const live = Math.min(R, rows - r0);
    let d = p * depth * R;
    for (let kk = 0; kk < depth; kk++, d += R) {
      const s = base + r0 * rs + kk * ks;
      for (let l = 0; l < live; l++) dst[d + l] = src[s + l * rs]!;
      for (let l = live; l < R; l++) dst[d + l] = 0;
    }
  }
}

/**
 * The pure TypeScript kernel: operands packed once per distinct matrix into float64 panels of 4, a
 * 4 x 4 register tile (16 local accumulators, 8 loads per 16 multiply-adds), columns swept in blocks
 * of NC so their packed panels stay in cache while every row panel passes. Float32 operands are
 * accumulated in float64 and rounded once when stored.
 */
export function matmul(p: MatmulProblem, a: FloatArray, b: FloatArray, bias: FloatArray | null, c: FloatArray, relu = false): void {
  const { batch, m, n, k, transA, transB } = p;
  if (m === 0 || n === 0) return;
  const mPanels = (m + R - 1) >> 2;
  const nPanels = (n + R - 1) >> 2;
  const ap = new Float64Array(mPanels * R * k);
  const bp = new Float64Array(nPanels * R * k);
  const { aOffsets, aRowStride, bOffsets, bRowStride, cOffsets, cRowStride: ldc } = layoutOf(p);
  // op(A)[r][kk]: stored (m, k) -> rs = row stride, ks 1; stored (k, m) -> rs 1, ks = row stride. op(B)ᵀ likewise.
  const aRs = transA ? 1 : aRowStride;
  const aKs = transA ? aRowStride : 1;
  const bRs = transB ? bRowStride : 1;
  const bKs = transB ? 1 : bRowStride;
  let packedA = -1;
  let packedB = -1;
  const panel = R * k;
  for (let i = 0; i < batch; i++) {
    const ao = aOffsets[i]!;
    const bo = bOffsets[i]!;
    if (ao !== packedA) {
      pack(a, ao, m, k, aRs, aKs, ap);
      packedA = ao;
    }
    if (bo !== packedB) {
      pack(b, bo, n, k, bRs, bKs, bp);
      packedB = bo;
    }
    const cBase = cOffsets[i]!;
    for (let jb = 0; jb < nPanels; jb += NC / R) {
      const jEnd = Math.min(nPanels, jb + NC / R);
      for (let ip = 0; ip < mPanels; ip++) {
        const aStart = ip * panel;
        const aEnd = aStart + panel;
        const r0 = ip * R;
        const rows = Math.min(R, m - r0);
        for (let jp = jb; jp < jEnd; jp++) {
          let c00 = 0,
            c01 = 0,
            c02 = 0,
            c03 = 0;
          let c10 = 0,
            c11 = 0,
            c12 = 0,
            c13 = 0;
          let c20 = 0,
            c21 = 0,
            c22 = 0,
            c23 = 0;
          let c30 = 0,
            c31 = 0,
            c32 = 0,
            c33 = 0;
          for (let ka = aStart, kb = jp * panel; ka < aEnd; ka += R, kb += R) {
            const b0 = bp[kb]!;
            const b1 = bp[kb + 1]!;
            const b2 = bp[kb + 2]!;
            const b3 = bp[kb + 3]!;
            let v = ap[ka]!;
            c00 += v * b0;
            c01 += v * b1;
            c02 += v * b2;
            c03 += v * b3;
            v = ap[ka + 1]!;
            c10 += v * b0;
            c11 += v * b1;
            c12 += v * b2;
            c13 += v * b3;
            v = ap[ka + 2]!;
            c20 += v * b0;
            c21 += v * b1;
            c22 += v * b2;
            c23 += v * b3;
            v = ap[ka + 3]!;
            c30 += v * b0;
            c31 += v * b1;
            c32 += v * b2;
            c33 += v * b3;
          }
          const j0 = jp * R;
          const cols = Math.min(R, n - j0);
          const o = cBase + r0 * ldc + j0;
          storeRow(c, o, cols, bias, j0, c00, c01, c02, c03);
          if (rows > 1) storeRow(c, o + ldc, cols, bias, j0, c10, c11, c12, c13);
          if (rows > 2) storeRow(c, o + 2 * ldc, cols, bias, j0, c20, c21, c22, c23);
          if (rows > 3) storeRow(c, o + 3 * ldc, cols, bias, j0, c30, c31, c32, c33);
        }
      }
    }
  }
  if (relu) reluProducts(p, c);
}

/** relu over every product's matrix where the problem's layout puts it (reluForward's rule, NaN passing). */
export function reluProducts(p: MatmulProblem, c: FloatArray): void {
  if (p.layout === undefined) {
    reluForward(c, c);
    return;
  }
  const { cOffsets, cRowStride } = p.layout;
  for (let i = 0; i < p.batch; i++) {
    for (let r = 0, o = cOffsets[i]!; r < p.m; r++, o += cRowStride) {
      const row = c.subarray(o, o + p.n);
      reluForward(row, row);
    }
  }
}

/** Writes the first `cols` of one tile row (plus the bias of those columns). */
function storeRow(c: FloatArray, o: number, cols: number, bias: FloatArray | null, j0: number, v0: number, v1: number, v2: number, v3: number): void {
  if (bias !== null) {
    v0 += bias[j0]!;
    if (cols > 1) v1 += bias[j0 + 1]!;
    if (cols > 2) v2 += bias[j0 + 2]!;
    if (cols > 3) v3 += bias[j0 + 3]!;
  }
  c[o] = v0;
  if (cols > 1) c[o + 1] = v1;
  if (cols > 2) c[o + 2] = v2;
  if (cols > 3) c[o + 3] = v3;
}
