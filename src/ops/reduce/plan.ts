import type { ArgmaxOptionNames, ReduceOptionNames, VarOptionNames } from "../../../types/ops/reduce/reduce-shape.js";
import { ShapeError } from "../../errors.js";
import { normalizeAxis } from "../../shape/axis.js";
import { requireKnownOptions } from "../options.js";
import { duplicateDim, emptyReduction } from "./messages.js";

export const reduceOptionNames: ReduceOptionNames = ["dim", "keepdim"];
export const varOptionNames: VarOptionNames = ["dim", "keepdim", "correction"];
export const argmaxOptionNames: ArgmaxOptionNames = ["dim", "keepdim"];

/**
 * A reduction planned once per call: which input elements feed each output element. The output element `o`
 * reduces `x[base[o] + offsets[r]]` for r in [0, count), r in row-major order of the reduced axes (so the first
 * maximum along them is the one with the smallest r, and for one reduced axis r is the index along it). Two index
 * tables, no per-element work beyond a lookup.
 */
export interface ReducePlan {
  /** The result shape: reduced axes dropped, or kept as 1 with keepdim. */
  readonly outShape: number[];
  readonly outSize: number;
  /** Elements reduced into each output element. */
  readonly count: number;
  /** Input offset of the first reduced element of each output element (outSize entries). */
  readonly base: Uint32Array;
  /** Offsets of the reduced elements from `base[o]` (count entries). */
  readonly offsets: Uint32Array;
}

/**
 * The reduced-axis mask of `dim` on a tensor of rank `rank` (runtime twin of the dim part of ReduceShape): null,
 * undefined or `[]` mean every axis; each dim wrapped as PyTorch does (a 0-d tensor takes dims 0 and -1); a dim
 * out of range or listed twice throws the compile-time sentence, in list order.
 */
export function reducedAxes(op: string, rank: number, dim: unknown): boolean[] {
  const mask = new Array<boolean>(rank).fill(false);
  if (dim === null || dim === undefined || (Array.isArray(dim) && dim.length === 0)) return mask.fill(true);
  const dims: readonly unknown[] = Array.isArray(dim) ? dim : [dim];
  const wrapRank = Math.max(rank, 1);
  const seen = new Array<boolean>(wrapRank).fill(false);
  for (const d of dims) {
    if (typeof d !== "number") throw new TypeError(`${op}: dim must be a number, a list of numbers or null, got ${typeof d}`);
    const a = normalizeAxis(op, d, wrapRank);
    if (seen[a]) throw new ShapeError(duplicateDim(op, a));
    seen[a] = true;
    if (a < rank) mask[a] = true;
  }
  return mask;
}

/**
 * Plans reducing `shape` over `dim` (runtime twin of ReduceShape): checks the dims, then with `needsElements`
 * (amax, amin, argmax) rejects a reduced axis of size 0. When the reduced axes form one contiguous run the tensor
 * is viewed as (outer, reduced, inner); otherwise the tables are filled by odometers over the kept and the
 * reduced axes (a logical permutation; nothing is copied).
 */
export function planReduce(op: string, shape: readonly number[], dim: unknown, keepdim: boolean, needsElements: boolean): ReducePlan {
  return planFromMask(op, shape, reducedAxes(op, shape.length, dim), keepdim, needsElements);
}

export function planFromMask(op: string, shape: readonly number[], mask: readonly boolean[], keepdim: boolean, needsElements: boolean): ReducePlan {
  const rank = shape.length;
  if (needsElements) {
    for (let a = 0; a < rank; a++) if (mask[a] && shape[a] === 0) throw new ShapeError(emptyReduction(op, a));
  }
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let a = rank - 1; a >= 0; a--) {
    strides[a] = stride;
    stride *= shape[a]!;
  }
  const outShape: number[] = [];
  const keptSizes: number[] = [];
  const keptStrides: number[] = [];
  const redSizes: number[] = [];
  const redStrides: number[] = [];
  let first = -1;
  let last = -1;
  for (let a = 0; a < rank; a++) {
    if (mask[a]) {
      if (keepdim) outShape.push(1);
      redSizes.push(shape[a]!);
      redStrides.push(strides[a]!);
      if (first < 0) first = a;
      last = a;
    } else {
      outShape.push(shape[a]!);
      keptSizes.push(shape[a]!);
      keptStrides.push(strides[a]!);
    }
  }
  const outSize = product(keptSizes);
  const count = product(redSizes);
  let contiguous = first >= 0;
  for (let a = first; contiguous && a <= last; a++) contiguous = mask[a]!;
  if (contiguous) {
    // (outer, reduced, inner): outer = axes before the run, inner = axes after it.
    const inner = strides[last]!;
    const outer = product(shape.slice(0, first));
    const base = new Uint32Array(outSize);
    for (let i = 0, o = 0; i < outer; i++) {
      for (let j = 0; j < inner; j++, o++) base[o] = i * count * inner + j;
    }
    const offsets = new Uint32Array(count);
    for (let r = 0; r < count; r++) offsets[r] = r * inner;
    return { outShape, outSize, count, base, offsets };
  }
  return { outShape, outSize, count, base: odometer(keptSizes, keptStrides, outSize), offsets: odometer(redSizes, redStrides, count) };
}

/** Offsets of every index of `sizes` in row-major order, each axis stepping by its stride. */
function odometer(sizes: readonly number[], strides: readonly number[], total: number): Uint32Array {
  const out = new Uint32Array(total);
  const k = sizes.length;
  const index = new Array<number>(k).fill(0);
  let offset = 0;
  for (let n = 0; n < total; n++) {
    out[n] = offset;
    for (let a = k - 1; a >= 0; a--) {
      index[a]!++;
      offset += strides[a]!;
      if (index[a]! < sizes[a]!) break;
      offset -= strides[a]! * sizes[a]!;
      index[a] = 0;
    }
  }
  return out;
}

function product(sizes: readonly number[]): number {
  let p = 1;
  for (const s of sizes) p *= s;
  return p;
}

/**
 * The run-time checks of a reduction call, in the compiler's order: unknown option keys, then the dims, then
 * (with `needsElements`) a reduced axis of size 0. Returns the plan.
 */
export function planCall(
  op: string,
  shape: readonly number[],
  options: { readonly dim?: unknown; readonly keepdim?: boolean } | undefined,
  names: readonly string[],
  needsElements: boolean,
): ReducePlan {
  requireKnownOptions(op, options, names);
  return planReduce(op, shape, options?.dim, options?.keepdim === true, needsElements);
}
