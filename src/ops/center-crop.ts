import { record } from "../autograd/graph.js";
import { affineBound, type BoundRule } from "../bounds/rule.js";
import type { CenterCropShape, CropOddMargin, CropTooLarge } from "../../types/ops/center-crop.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import { centerCropBackward as padKernel } from "../kernels/center-crop-backward.js";
import { type CenterCropGeometry, centerCropForward } from "../kernels/center-crop-forward.js";
import { notNatural } from "../messages/nat.js";
import { allocate, Tensor } from "../tensor/tensor.js";
import type { DyGuard, XGuard } from "./conv2d.js";
import { requireDType } from "./dtype.js";
import type { ShapedResult, ShapeGuard } from "./result.js";
import { requireGradShape } from "./grad-shape.js";
import { imageShape, splitImage } from "./image.js";

export type { CenterCropShape, CropOddMargin, CropTooLarge };

export function cropTooLarge<Op extends string, Axis extends string, In extends number, Target extends number>(
  op: Op,
  axis: Axis,
  input: In,
  target: Target,
): CropTooLarge<Op, Axis, In, Target> {
  return `${op}: axis ${axis}: cannot crop ${input} to ${target}; the target must not be larger`;
}

export function cropOddMargin<Op extends string, Axis extends string, In extends number, Target extends number, Diff extends number>(
  op: Op,
  axis: Axis,
  input: In,
  target: Target,
  diff: Diff,
): CropOddMargin<Op, Axis, In, Target, Diff> {
  return `${op}: axis ${axis}: cropping ${input} to ${target} removes ${diff}, an odd amount; a centre crop removes the same from each side`;
}

/**
 * The run-time twin of `CropAxis`: the margin removed on each side (top or left), or `null` with the message in
 * `failure` when the crop is impossible. Same checks and sentences as the type.
 */
export function cropMargin(op: string, axis: string, input: number, target: number): { margin: number } | { failure: string } {
  if (!Number.isSafeInteger(target) || target < 0) return { failure: notNatural(`${op}: axis ${axis}: target size`, target) };
  if (input < target) return { failure: cropTooLarge(op, axis, input, target) };
  const diff = input - target;
  if (diff % 2 !== 0) return { failure: cropOddMargin(op, axis, input, target, diff) };
  return { margin: diff / 2 };
}

function requireMargin(op: string, axis: string, input: number, target: number): number {
  const r = cropMargin(op, axis, input, target);
  if ("failure" in r) throw new ShapeError(r.failure);
  return r.margin;
}

export interface CenterCropPlan {
  readonly geometry: CenterCropGeometry;
  readonly outShape: number[];
}

export function planCenterCrop(op: string, xShape: readonly number[], size: readonly number[]): CenterCropPlan {
  const x = splitImage(op, xShape);
  if (size.length !== 2) throw new ShapeError(`${op}: size must be [h, w], got ${size.length} values`);
  const [outH, outW] = size as [number, number];
  const top = requireMargin(op, "H", x.h, outH);
  const left = requireMargin(op, "W", x.w, outW);
  return {
    geometry: { planes: x.n * x.c, inH: x.h, inW: x.w, outH, outW, top, left },
    outShape: imageShape(x, x.c, outH, outW),
  };
}

/**
 * Centre crop of the two spatial axes to `[h, w]`, as torchvision's `center_crop` when the differences are even
 * (the U-Net's skip crop). An odd difference is refused rather than rounded (torchvision rounds the top/left
 * margin), so the crop is exactly centred; the compiler checks literal sizes with the same sentences.
 */
export function centerCrop<XS extends Shape, D extends DType, const T extends readonly [number, number]>(
  x: Tensor<XS, D> & XGuard<XS, "centerCrop">,
  size: T & ShapeGuard<CenterCropShape<XS, T>>,
): ShapedResult<CenterCropShape<XS, T>, D> {
  const plan = planCenterCrop("centerCrop", x.shape, size as readonly number[]);
  const input = x as Tensor<Shape, D>;
  const y = allocate(
    input.dtype,
    plan.outShape.reduce((a, b) => a * b, 1),
  );
  centerCropForward(plan.geometry, input.data, y);
  const out = Tensor.wrap(plan.outShape, input.dtype, y);
  return record(
    "centerCrop",
    out,
    [input],
    (gy) => {
      const dx = allocate(input.dtype, input.data.length);
      padKernel(plan.geometry, gy.data, dx);
      return [Tensor.wrap(input.shape, input.dtype, dx)];
    },
    () => centerCropBound(size),
  ) as ShapedResult<CenterCropShape<XS, T>, D>;
}

/** centerCrop's bound rule: affine, a copy of the window (exact). */
function centerCropBound(size: readonly number[]): BoundRule {
  const run = centerCrop as unknown as (x: Tensor<Shape, DType>, s: readonly number[]) => Tensor<Shape, DType>;
  return affineBound({ apply: ([v]) => run(v!, size), rounding: 0 });
}

/** The backward of centerCrop: dy (the crop's shape, x's dtype) zero-padded back to the input's shape. */
export function centerCropBackward<XS extends Shape, D extends DType, const T extends readonly [number, number], DS extends Shape, DD extends DType>(
  dy: Tensor<DS, DD> & DyGuard<"centerCropBackward", CenterCropShape<XS, T, "centerCropBackward">, DS, D, DD>,
  input: Tensor<XS, D>,
  size: T,
): Tensor<XS, D> {
  const op = "centerCropBackward";
  const plan = planCenterCrop(op, input.shape, size);
  requireGradShape(op, plan.outShape, dy.shape);
  requireDType(op, "dy", "x", input.dtype, dy.dtype);
  const dx = allocate(input.dtype, input.data.length);
  padKernel(plan.geometry, dy.data, dx);
  return Tensor.wrap(input.shape, input.dtype, dx);
}
