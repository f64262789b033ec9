import type { ClassInputRanks } from "../../../types/train/losses.js";
import { ShapeError } from "../../errors.js";
import { requireDType } from "../../ops/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { badClassTarget, badRank, classWeightMismatch } from "../messages.js";
import { type AnyTensor, checkSameShape } from "./common.js";

const classInputRanks: ClassInputRanks = "(C), (N, C) or (N, C, d1, ..., dk)";

/**
 * Where the classes sit in class scores of shape `(C)` or `(N, C, d1, ..., dk)`: element (b, c, p) is at
 * `b·classes·inner + c·inner + p`, its target at `b·inner + p`.
 */
export interface ClassLayout {
  readonly outer: number;
  readonly classes: number;
  readonly inner: number;
}

/**
 * Checks class scores `x` (argument `arg`), their `target` (shape: x without the class axis) and an optional
 * class `weight` (shape `[C]`, x's dtype) in the order the compiler does, then every target value: a whole
 * number in [0, C) or `ignoreIndex`. Returns the layout.
 */
export function checkClassInputs(
  op: string,
  arg: string,
  x: AnyTensor,
  target: AnyTensor,
  weight: AnyTensor | null,
  ignoreIndex: number,
): ClassLayout {
  const shape: readonly number[] = x.shape;
  if (shape.length === 0) throw new ShapeError(badRank(op, arg, shape, classInputRanks));
  const unbatched = shape.length === 1;
  const outer = unbatched ? 1 : shape[0]!;
  const classes = shape[unbatched ? 0 : 1]!;
  let inner = 1;
  for (let k = 2; k < shape.length; k++) inner *= shape[k]!;
  if (!(target instanceof Tensor)) throw new TypeError(`${op}: target must be a Tensor`);
  checkSameShape(op, "target", target.shape, `${arg} (minus the class axis)`, unbatched ? [] : [shape[0]!, ...shape.slice(2)]);
  if (weight !== null) {
    if (!(weight instanceof Tensor)) throw new TypeError(`${op}: weight must be a Tensor`);
    if (weight.shape.length !== 1 || weight.shape[0] !== classes) throw new ShapeError(classWeightMismatch(op, "weight", classes, weight.shape));
    requireDType(op, "weight", arg, x.dtype, weight.dtype);
  }
  if (typeof ignoreIndex !== "number" || !Number.isInteger(ignoreIndex))
    throw new RangeError(`${op}: ignoreIndex must be an integer, got ${String(ignoreIndex)}`);
  const t = target.data;
  for (let i = 0; i < t.length; i++) {
    const k = t[i]!;
    if (k !== ignoreIndex && !(Number.isInteger(k) && k >= 0 && k < classes)) throw new RangeError(badClassTarget(op, i, k, classes));
  }
  return { outer, classes, inner };
}

/** A class loss's checked inputs: the layout, the target indices, the class weights (null without), and the loss's shape for "none". */
export interface ClassLossInputs extends ClassLayout {
  readonly k: ArrayLike<number>;
  readonly w: ArrayLike<number> | null;
  readonly ignoreIndex: number;
  /** x's shape without the class axis (the target's). */
  readonly targetShape: readonly number[];
}

/**
 * Reads crossEntropy's and nllLoss's target, `weight` (default none) and `ignoreIndex` (default −100, as
 * PyTorch), and checks them against the class scores `x` (argument `arg`) with checkClassInputs.
 */
export function classLossInputs(
  op: string,
  arg: string,
  x: AnyTensor,
  target: unknown,
  options: { readonly weight?: unknown; readonly ignoreIndex?: number } | undefined,
): ClassLossInputs {
  const t = target as AnyTensor;
  const weight = (options?.weight ?? null) as AnyTensor | null;
  const ignoreIndex = options?.ignoreIndex ?? -100;
  const layout = checkClassInputs(op, arg, x, t, weight, ignoreIndex);
  const targetShape: readonly number[] = x.shape.length === 1 ? [] : [x.shape[0]!, ...x.shape.slice(2)];
  return { ...layout, k: t.data, w: weight === null ? null : weight.data, ignoreIndex, targetShape };
}
