import { DTypeError, ShapeError } from "../errors.js";
import type { KernelBackend } from "./backend.js";
import type { Conv2dGeometry, ConvTranspose2dGeometry, FloatArray, Pool2dGeometry } from "./geometry.js";
import { matmul as jsMatmul, type MatmulLayout, type MatmulProblem, reluProducts } from "./matmul.js";

/**
 * The kernel boundary's guard: every array a kernel reads or writes has exactly the length its geometry implies,
 * and all float arrays of one call share one element type. A kernel trusts its geometry (WebAssembly copies
 * `length` elements into its memory and reads back what the geometry says), so a lying array would read stale
 * memory or fault; here it is a ShapeError naming the kernel and the argument, thrown before anything runs.
 * O(1) per call (O(batch) for a matmul's index maps).
 */
export function checkedBackend(backend: KernelBackend): KernelBackend {
  if (checked.has(backend)) return backend;
  // One guard per backend, so `currentBackend()` is the same object again after `useBackend(previous)`.
  const known = guards.get(backend);
  if (known !== undefined) return known;
  const wrapped: KernelBackend = {
    name: backend.name,
    get residentHeap() {
      return backend.residentHeap ?? null;
    },
    // its matmul takes every layout (a backend's own, or the JS kernel's)
    stridedMatmul: true,
    reluMatmul: true,
    conv2dForward(g, x, w, bias, y, relu) {
      const k = "conv2dForward";
      convIn(k, g, x, "x");
      len(k, "weight", w, g.outC * g.inC * g.kH * g.kW, x);
      if (bias !== null) len(k, "bias", bias, g.outC, x);
      convOut(k, g, y, "y", x);
      backend.conv2dForward(g, x, w, bias, y, relu);
    },
    conv2dBackwardData(g, dy, w, dx) {
      const k = "conv2dBackwardData";
      convOut(k, g, dy, "dy", dy);
      len(k, "weight", w, g.outC * g.inC * g.kH * g.kW, dy);
      convIn(k, g, dx, "dx", dy);
      backend.conv2dBackwardData(g, dy, w, dx);
    },
    conv2dBackwardWeight(g, x, dy, dw, db) {
      const k = "conv2dBackwardWeight";
      convIn(k, g, x, "x");
      convOut(k, g, dy, "dy", x);
      len(k, "dw", dw, g.outC * g.inC * g.kH * g.kW, x);
      if (db !== null) len(k, "db", db, g.outC, x);
      backend.conv2dBackwardWeight(g, x, dy, dw, db);
    },
    convTranspose2dForward(g, x, w, bias, y) {
      const k = "convTranspose2dForward";
      convIn(k, g, x, "x");
      len(k, "weight", w, transposeWeight(g), x);
      if (bias !== null) len(k, "bias", bias, g.outC, x);
      convOut(k, g, y, "y", x);
      backend.convTranspose2dForward(g, x, w, bias, y);
    },
    convTranspose2dBackwardData(g, dy, w, dx) {
      const k = "convTranspose2dBackwardData";
      convOut(k, g, dy, "dy", dy);
      len(k, "weight", w, transposeWeight(g), dy);
      convIn(k, g, dx, "dx", dy);
      backend.convTranspose2dBackwardData(g, dy, w, dx);
    },
    convTranspose2dBackwardWeight(g, x, dy, dw, db) {
      const k = "convTranspose2dBackwardWeight";
      convIn(k, g, x, "x");
      convOut(k, g, dy, "dy", x);
      len(k, "dw", dw, transposeWeight(g), x);
      if (db !== null) len(k, "db", db, g.outC, x);
      backend.convTranspose2dBackwardWeight(g, x, dy, dw, db);
    },
    maxPool2dForward(g, x, y, indices) {
      const k = "maxPool2dForward";
      len(k, "x", x, poolIn(g), x);
      len(k, "y", y, poolOut(g), x);
      len(k, "indices", indices, poolOut(g), null);
      backend.maxPool2dForward(g, x, y, indices);
    },
    maxPool2dBackward(g, dy, indices, dx) {
      const k = "maxPool2dBackward";
      len(k, "dy", dy, poolOut(g), dy);
      len(k, "indices", indices, poolOut(g), null);
      len(k, "dx", dx, poolIn(g), dy);
      const plane = g.inH * g.inW;
      // The backward scatters dx[plane + indices[i]]: an index outside its plane would write out of bounds.
      for (let i = 0; i < indices.length; i++) {
        const at = indices[i]!;
        if (at < 0 || at >= plane) throw new ShapeError(`${k}: indices[${i}] must be in [0, ${plane}) (inH × inW), got ${at}`);
      }
      backend.maxPool2dBackward(g, dy, indices, dx);
    },
    reluForward(x, y) {
      len("reluForward", "y", y, x.length, x);
      backend.reluForward(x, y);
    },
    reluBackward(y, dy, dx) {
      len("reluBackward", "dy", dy, y.length, y);
      len("reluBackward", "dx", dx, y.length, y);
      backend.reluBackward(y, dy, dx);
    },
  };
  // A backend without matmul gets the JS kernel here, so the ops' matmul goes through the guard too; so does a
  // strided problem on a backend that does not say it reads layouts.
  const matmul = backend.matmul?.bind(backend) ?? jsMatmul;
  const strided = backend.matmul === undefined || backend.stridedMatmul === true;
  const reluInKernel = backend.matmul === undefined || backend.reluMatmul === true;
  wrapped.matmul = (p, a, b, bias, c, relu = false) => {
    checkMatmul(p, a, b, bias, c);
    if (p.layout !== undefined && !strided) jsMatmul(p, a, b, bias, c, relu);
    else if (relu && !reluInKernel) {
      matmul(p, a, b, bias, c);
      reluProducts(p, c);
    } else matmul(p, a, b, bias, c, relu);
  };
  const conv2dBackward = backend.conv2dBackward?.bind(backend);
  if (conv2dBackward !== undefined) {
    wrapped.conv2dBackward = (g, x, w, dy, reluY, dx, dw, db) => {
      const k = "conv2dBackward";
      convIn(k, g, x, "x");
      len(k, "weight", w, g.outC * g.inC * g.kH * g.kW, x);
      convOut(k, g, dy, "dy", x);
      if (reluY !== null) convOut(k, g, reluY, "reluY", x);
      if (dx !== null) convIn(k, g, dx, "dx", x);
      if (dw !== null) len(k, "dw", dw, g.outC * g.inC * g.kH * g.kW, x);
      if (db !== null) len(k, "db", db, g.outC, x);
      return conv2dBackward(g, x, w, dy, reluY, dx, dw, db);
    };
  }
  const linearBackward = backend.linearBackward?.bind(backend);
  if (linearBackward !== undefined) {
    wrapped.linearBackward = (rows, inF, outF, x, w, gy, reluY, dx, dw, db) => {
      const k = "linearBackward";
      const xSize = rowsSize(k, rows, inF);
      const ySize = rows * count(k, "outF", outF);
      len(k, "x", x, xSize, x);
      len(k, "w", w, outF * inF, x);
      len(k, "gy", gy, ySize, x);
      if (reluY !== null) len(k, "reluY", reluY, ySize, x);
      if (dx !== null) len(k, "dx", dx, xSize, x);
      if (dw !== null) len(k, "dw", dw, outF * inF, x);
      if (db !== null) len(k, "db", db, outF, x);
      return linearBackward(rows, inF, outF, x, w, gy, reluY, dx, dw, db);
    };
  }
  if (backend.winogradFor !== undefined) wrapped.winogradFor = backend.winogradFor.bind(backend);
  if (backend.directConvs !== undefined) wrapped.directConvs = backend.directConvs.bind(backend);
  guardRowKernels(backend, wrapped);
  guardAttention(backend, wrapped);
  checked.add(wrapped);
  guards.set(backend, wrapped);
  return wrapped;
}

/** The optional row kernels (softmax, layer norm), each forwarded behind its checks when the backend has it. */
function guardRowKernels(backend: KernelBackend, wrapped: KernelBackend): void {
  const adamStep = backend.adamStep?.bind(backend);
  if (adamStep !== undefined) {
    wrapped.adamStep = (p, g, m, v, k) => {
      const name = "adamStep";
      for (const [arg, a] of [
        ["p", p],
        ["g", g],
        ["m", m],
        ["v", v],
      ] as const)
        rowArray(name, arg, a, p.length, Float32Array);
      adamStep(p, g, m, v, k);
    };
  }
  const addArrays = backend.addArrays?.bind(backend);
  if (addArrays !== undefined) {
    wrapped.addArrays = (a, b, out) => {
      const k = "addArrays";
      rowArray(k, "a", a, a.length, Float32Array);
      rowArray(k, "b", b, a.length, Float32Array);
      rowArray(k, "out", out, a.length, Float32Array);
      addArrays(a, b, out);
    };
  }
  const squaredDifferenceSum = backend.squaredDifferenceSum?.bind(backend);
  if (squaredDifferenceSum !== undefined) {
    wrapped.squaredDifferenceSum = (p, t) => {
      const k = "squaredDifferenceSum";
      rowArray(k, "p", p, p.length, Float32Array);
      rowArray(k, "t", t, p.length, Float32Array);
      return squaredDifferenceSum(p, t);
    };
  }
  const scaledDifference = backend.scaledDifference?.bind(backend);
  if (scaledDifference !== undefined) {
    wrapped.scaledDifference = (p, t, g, scale, out) => {
      const k = "scaledDifference";
      rowArray(k, "p", p, p.length, Float32Array);
      rowArray(k, "t", t, p.length, Float32Array);
      if (g !== null) rowArray(k, "g", g, p.length, Float32Array);
      rowArray(k, "out", out, p.length, Float32Array);
      scaledDifference(p, t, g, scale, out);
    };
  }
  const softmaxRows = backend.softmaxRows?.bind(backend);
  if (softmaxRows !== undefined) {
    wrapped.softmaxRows = (rows, n, x, y) => {
      const k = "softmaxRows";
      const size = rowsSize(k, rows, n);
      rowArray(k, "x", x, size, Float32Array);
      rowArray(k, "y", y, size, Float32Array);
      softmaxRows(rows, n, x, y);
    };
  }
  const softmaxRowsBackward = backend.softmaxRowsBackward?.bind(backend);
  if (softmaxRowsBackward !== undefined) {
    wrapped.softmaxRowsBackward = (rows, n, y, gy, dx) => {
      const k = "softmaxRowsBackward";
      const size = rowsSize(k, rows, n);
      rowArray(k, "y", y, size, Float32Array);
      rowArray(k, "gy", gy, size, Float32Array);
      rowArray(k, "dx", dx, size, Float32Array);
      softmaxRowsBackward(rows, n, y, gy, dx);
    };
  }
  const layerNormRows = backend.layerNormRows?.bind(backend);
  if (layerNormRows !== undefined) {
    wrapped.layerNormRows = (rows, n, eps, x, weight, bias, y, mean, rstd) => {
      const k = "layerNormRows";
      const size = rowsSize(k, rows, n);
      rowArray(k, "x", x, size, Float32Array);
      if (weight !== null) rowArray(k, "weight", weight, n, Float32Array);
      if (bias !== null) rowArray(k, "bias", bias, n, Float32Array);
      rowArray(k, "y", y, size, Float32Array);
      rowArray(k, "mean", mean, rows, Float64Array);
      rowArray(k, "rstd", rstd, rows, Float64Array);
      layerNormRows(rows, n, eps, x, weight, bias, y, mean, rstd);
    };
  }
  const layerNormRowsBackward = backend.layerNormRowsBackward?.bind(backend);
  if (layerNormRowsBackward !== undefined) {
    wrapped.layerNormRowsBackward = (rows, n, x, weight, mean, rstd, gy, dx, dWeight, dBias) => {
      const k = "layerNormRowsBackward";
      const size = rowsSize(k, rows, n);
      rowArray(k, "x", x, size, Float32Array);
      if (weight !== null) rowArray(k, "weight", weight, n, Float32Array);
      rowArray(k, "mean", mean, rows, Float64Array);
      rowArray(k, "rstd", rstd, rows, Float64Array);
      rowArray(k, "gy", gy, size, Float32Array);
      if (dx !== null) rowArray(k, "dx", dx, size, Float32Array);
      if (dWeight !== null) rowArray(k, "dWeight", dWeight, n, Float32Array);
      if (dBias !== null) rowArray(k, "dBias", dBias, n, Float32Array);
      layerNormRowsBackward(rows, n, x, weight, mean, rstd, gy, dx, dWeight, dBias);
    };
  }
}

/** The optional fused attention, forwarded behind its products' checks when the backend has it. */
function guardAttention(backend: KernelBackend, wrapped: KernelBackend): void {
  const attentionForward = backend.attentionForward?.bind(backend);
  if (attentionForward !== undefined) {
    wrapped.attentionForward = (qk, pv, q, k, v, scale, maskScaled, probs, out) => {
      checkMatmul(qk, q, k, null, probs);
      checkMatmul(pv, probs, v, null, out);
      return attentionForward(qk, pv, q, k, v, scale, maskScaled, probs, out);
    };
  }
  const attentionBackward = backend.attentionBackward?.bind(backend);
  if (attentionBackward !== undefined) {
    wrapped.attentionBackward = (p, q, k, v, probs, gy, scale, dq, dk, dv) => {
      const name = "attentionBackward";
      if ((p.dq !== null) !== (dq !== null) || (p.dk !== null) !== (dk !== null) || (p.dv !== null) !== (dv !== null)) {
        throw new ShapeError(`${name}: a gradient array must be given exactly when its product is`);
      }
      if ((p.dq !== null || p.dk !== null) !== (p.dp !== null)) throw new ShapeError(`${name}: dP must be given exactly when dQ or dK is`);
      if (p.dv !== null && dv !== null) checkMatmul(p.dv, probs, gy, null, dv);
      if (p.dp !== null) checkMatmul(p.dp, gy, v, null, probs); // dP has the scores' size, as probs
      if (p.dq !== null && dq !== null) checkMatmul(p.dq, probs, k, null, dq);
      if (p.dk !== null && dk !== null) checkMatmul(p.dk, probs, q, null, dk);
      return attentionBackward(p, q, k, v, probs, gy, scale, dq, dk, dv);
    };
  }
}

/** rows × n for a row kernel, both non-negative integers. */
function rowsSize(k: string, rows: number, n: number): number {
  return count(k, "rows", rows) * count(k, "n", n);
}

function count(k: string, arg: string, v: number): number {
  if (!Number.isInteger(v) || v < 0) throw new ShapeError(`${k}: ${arg} must be a non-negative integer, got ${v}`);
  return v;
}

/** A row kernel's array: `expected` elements of exactly the element type it takes. */
function rowArray(k: string, arg: string, arr: FloatArray, expected: number, type: Float32ArrayConstructor | Float64ArrayConstructor): void {
  if (!(arr instanceof type)) throw new DTypeError(`${k}: ${arg} must be a ${type.name}, got ${(arr as object).constructor.name}`);
  len(k, arg, arr, expected, null);
}

/** Guards made, so wrapping is idempotent; and each backend's guard, so a backend has one. */
const checked = new WeakSet<KernelBackend>();
const guards = new WeakMap<KernelBackend, KernelBackend>();

/** The matmul problem's arrays against its sizes. */
function checkMatmul(p: MatmulProblem, a: FloatArray, b: FloatArray, bias: FloatArray | null, c: FloatArray): void {
  const k = "matmul";
  if (bias !== null) len(k, "bias", bias, p.n, a);
  if (p.layout !== undefined) {
    checkLayout(k, p, p.layout, a, b, c);
    return;
  }
  len(k, "c", c, p.batch * p.m * p.n, a);
  matrices(k, "a", a, p.m * p.k, p.aIndex, p.batch, c);
  matrices(k, "b", b, p.k * p.n, p.bIndex, p.batch, c);
}

/** A strided layout: no batch indices beside it, and every product's matrices inside their arrays. */
function checkLayout(k: string, p: MatmulProblem, l: MatmulLayout, a: FloatArray, b: FloatArray, c: FloatArray): void {
  if (p.aIndex !== null || p.bIndex !== null) throw new ShapeError(`${k}: a layout replaces the batch indices, got both`);
  sameType(k, "a", a, c);
  sameType(k, "b", b, c);
  const [aRows, aCols] = p.transA ? [p.k, p.m] : [p.m, p.k];
  const [bRows, bCols] = p.transB ? [p.n, p.k] : [p.k, p.n];
  inside(k, "a", a, l.aOffsets, l.aRowStride, aRows, aCols, p.batch);
  inside(k, "b", b, l.bOffsets, l.bRowStride, bRows, bCols, p.batch);
  inside(k, "c", c, l.cOffsets, l.cRowStride, p.m, p.n, p.batch);
}

/** Each of `batch` matrices (rows x cols, rows `stride` apart, at its offset) lies inside `arr`. */
function inside(k: string, arg: string, arr: FloatArray, offsets: Int32Array, stride: number, rows: number, cols: number, batch: number): void {
  if (offsets.length < batch) throw new ShapeError(`${k}: ${arg}'s offsets must have ${batch} entries, got ${offsets.length}`);
  if (!Number.isSafeInteger(stride) || stride < cols) throw new ShapeError(`${k}: ${arg}'s row stride must be at least ${cols}, got ${stride}`);
  if (rows === 0 || cols === 0) return;
  const extent = (rows - 1) * stride + cols;
  for (let i = 0; i < batch; i++) {
    const o = offsets[i]!;
    if (o < 0 || o + extent > arr.length) {
      throw new ShapeError(`${k}: ${arg}'s matrix ${i} (${rows}x${cols}, rows ${stride} apart) at ${o} passes the end of its ${arr.length} elements`);
    }
  }
}

/** `arr` holds whole matrices of `size` elements; every batch index (or i < batch without one) names one of them. */
function matrices(k: string, arg: string, arr: FloatArray, size: number, index: Int32Array | null, batch: number, ref: FloatArray): void {
  sameType(k, arg, arr, ref);
  const count = size === 0 ? batch : arr.length / size;
  if (size === 0 ? arr.length !== 0 : !Number.isInteger(count)) {
    throw new ShapeError(`${k}: ${arg} must hold whole ${size}-element matrices, got ${arr.length} elements`);
  }
  if (index === null) {
    if (count < batch) throw new ShapeError(`${k}: ${arg} must hold ${batch} matrices of ${size} elements, got ${arr.length} elements`);
    return;
  }
  if (index.length < batch) throw new ShapeError(`${k}: ${arg}'s batch index must have ${batch} entries, got ${index.length}`);
  for (let i = 0; i < batch; i++) {
    const m = index[i]!;
    if (m < 0 || m >= count) throw new ShapeError(`${k}: ${arg}'s batch index ${i} names matrix ${m}, ${arg} holds ${count}`);
  }
}

function transposeWeight(g: ConvTranspose2dGeometry): number {
  return g.inC * g.outC * g.kH * g.kW;
}

function poolIn(g: Pool2dGeometry): number {
  return g.n * g.c * g.inH * g.inW;
}

function poolOut(g: Pool2dGeometry): number {
  return g.n * g.c * g.outH * g.outW;
}

function convIn(k: string, g: Conv2dGeometry, arr: FloatArray, arg: string, ref: FloatArray = arr): void {
  len(k, arg, arr, g.n * g.inC * g.inH * g.inW, ref);
}

function convOut(k: string, g: Conv2dGeometry, arr: FloatArray, arg: string, ref: FloatArray): void {
  len(k, arg, arr, g.n * g.outC * g.outH * g.outW, ref);
}

/** `arr` has `expected` elements and (for float arrays) the element type of `ref`. */
function len(k: string, arg: string, arr: FloatArray | Int32Array, expected: number, ref: FloatArray | null): void {
  if (arr.length !== expected) {
    throw new ShapeError(`${k}: ${arg} must have ${expected} elements (from the geometry), got ${arr.length}`);
  }
  if (ref !== null) sameType(k, arg, arr, ref);
}

function sameType(k: string, arg: string, arr: FloatArray | Int32Array, ref: FloatArray): void {
  if (Object.getPrototypeOf(arr) !== Object.getPrototypeOf(ref)) {
    throw new DTypeError(`${k}: ${arg} must be a ${ref.constructor.name} like the other float arrays, got ${arr.constructor.name}`);
  }
}
