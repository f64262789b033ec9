import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { LossShape, Reduction } from "../../../types/train/losses.js";
import type { ShapedResult } from "../../ops/result.js";
import { ShapeError } from "../../errors.js";
import { requireDType } from "../../ops/dtype.js";
import { requireKnownOptions } from "../../ops/options.js";
import { requireTensor } from "../../ops/tensor-arg.js";
import { Tensor, allocate } from "../../tensor/tensor.js";
import { badHyper, badReduction, shapeMismatch } from "../messages.js";
import { sameShape } from "../../shape/same-shape.js";

export type { LossShape, Reduction } from "../../../types/train/losses.js";

export type AnyTensor = Tensor<Shape, DType>;

/** A loss's reduction: "mean" (the default), "sum" or "none", as in PyTorch. */
export interface ReductionOptions<R extends Reduction = Reduction> {
  /** "mean" (PyTorch's default): the loss averaged into one number; "sum"; "none": one loss per element. */
  readonly reduction?: R;
}

/**
 * What a loss returns: `Tensor<[], D>` for reduction "mean" / "sum", the per-element shape Elem for "none"
 * (`Tensor<Shape, D>` when Elem is a message, already reported at the argument that is wrong).
 */
export type LossOutput<R, Elem, D extends DType> = ShapedResult<LossShape<R, Elem>, D>;

const allReductions: readonly Reduction[] = ["mean", "sum", "none"];
const listed = (rs: readonly Reduction[]): string =>
  rs.map((r, i) => (i === 0 ? "" : i === rs.length - 1 ? " or " : ", ") + JSON.stringify(r)).join("");

/** The options' reduction (default "mean"); a RangeError for one not in `allowed`. */
export function reductionOf(op: string, options: ReductionOptions | undefined, allowed: readonly Reduction[] = allReductions): Reduction {
  const r = options?.reduction ?? "mean";
  if (!allowed.includes(r)) throw new RangeError(badReduction(op, listed(allowed), r));
  return r;
}

/** Throws the compile-time sentence for an unknown option key (e.g. PyTorch's `ignore_index`). */
export function checkOptions(op: string, options: object | undefined, names: readonly string[]): void {
  if (options !== undefined && (typeof options !== "object" || options === null))
    throw new TypeError(`${op}: options must be an object, got ${String(options)}`);
  requireKnownOptions(op, options, names);
}

/** A hyperparameter that must satisfy `ok`, else a RangeError naming the rule. */
export function checkHyper(op: string, name: string, value: number, ok: (v: number) => boolean, rule: string): void {
  if (typeof value !== "number" || !ok(value)) throw new RangeError(badHyper(op, name, rule, value));
}

/** Throws a ShapeError naming the loss, the argument and both shapes when they differ. */
export function checkSameShape(op: string, argument: string, got: readonly number[], reference: string, want: readonly number[]): void {
  if (!sameShape(got, want)) throw new ShapeError(shapeMismatch(op, argument, got, reference, want));
}

/** A second input with the first's shape and dtype (the runtime twin of SameShapeGuard). */
export function checkLike(op: string, argument: string, t: AnyTensor, reference: string, ref: AnyTensor): void {
  requireTensor(op, argument, t);
  checkSameShape(op, argument, t.shape, reference, ref.shape);
  requireDType(op, argument, reference, ref.dtype, t.dtype);
}

/**
 * The loss tensor from per-element losses `elems` (shape `shape`): kept for "none", else their sum, divided by
 * `denominator` for "mean". Sums run in float64.
 */
export function reduceLoss<D extends DType>(
  dtype: D,
  shape: readonly number[],
  elems: Float64Array,
  reduction: Reduction,
  denominator: number,
): AnyTensor {
  if (reduction === "none") {
    const out = allocate(dtype, elems.length);
    out.set(elems);
    return Tensor.wrap(shape, dtype, out);
  }
  let sum = 0;
  for (let i = 0; i < elems.length; i++) sum += elems[i]!;
  return scalarLoss(dtype, reduction === "mean" ? sum / denominator : sum);
}

/** A reduced loss: a shape-[] tensor holding `value`. */
export function scalarLoss(dtype: DType, value: number): AnyTensor {
  const out = allocate(dtype, 1);
  out[0] = value;
  return Tensor.wrap([], dtype, out);
}

/** σ(x) without overflow for either sign. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + exp(−x)) = softplus(−x), stable for any x. */
export function softplusNeg(x: number): number {
  return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0);
}

/** −a as a new array (the target's gradient of a loss in p − t). */
export function negate<A extends Float32Array | Float64Array>(a: A): A {
  const out = a.slice() as A;
  for (let i = 0; i < out.length; i++) out[i] = -out[i]!;
  return out;
}

/**
 * For each element of shape `to` (row-major), the flat index of the element of shape `from` that broadcasts onto
 * it (axes aligned from the right; a size-1 axis repeats). Callers check `sumsTo(to, from)` first. One pass.
 */
export function broadcastOffsets(from: readonly number[], to: readonly number[]): Int32Array {
  const rank = to.length;
  const lead = rank - from.length;
  const stride = new Array<number>(rank).fill(0);
  let s = 1;
  for (let k = from.length - 1; k >= 0; k--) {
    stride[lead + k] = from[k] === 1 ? 0 : s;
    s *= from[k]!;
  }
  const size = to.reduce((a, b) => a * b, 1);
  const out = new Int32Array(size);
  const index = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < size; i++) {
    out[i] = offset;
    for (let k = rank - 1; k >= 0; k--) {
      index[k]!++;
      offset += stride[k]!;
      if (index[k]! < to[k]!) break;
      offset -= stride[k]! * to[k]!;
      index[k] = 0;
    }
  }
  return out;
}
