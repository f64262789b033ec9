import type { InterpolateOptionNames, InterpolateOptions, InterpolateShape, InterpolateXCheck } from "../../../types/ops/image/interpolate.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { OpenOptions, OptionKeysCheck } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound, type BoundRule } from "../../bounds/rule.js";
import { ShapeError } from "../../errors.js";
import { notPositive } from "../../messages/shape.js";
import { toNat } from "../../shape/natural.js";
import { allocate, type ArrayFor, Tensor } from "../../tensor/tensor.js";
import { badRank } from "../../tensor/messages.js";
import { requireKnownOptions } from "../options.js";
import type { ShapeGuard, ShapedResult } from "../result.js";
import { alignCornersNearest, sizeOrScale, unknownMode } from "./messages.js";

export type { InterpolateOptionNames, InterpolateOptions, InterpolateShape };

export const interpolateOptionNames: InterpolateOptionNames = ["size", "scaleFactor", "mode", "alignCorners"];

/** The options' keys first, then what they give (x's rank is reported at x alone). */
type InterpolateOptionsGuard<XS extends Shape, O> = FirstMessage<
  [OptionKeysCheck<"interpolate", O, InterpolateOptionNames>, InterpolateXCheck<XS> extends string ? true : InterpolateShape<XS, O>]
>;

/**
 * One output axis's source: nearest reads `index0` only; bilinear reads `weight0 * x[index0] + weight1 * x[index1]`.
 * Computed once per call from (in, out, scale) and shared by the forward and the VJP.
 */
interface AxisMap {
  readonly index0: Int32Array;
  readonly index1: Int32Array;
  readonly weight0: Float64Array;
  readonly weight1: Float64Array;
}

const op = "interpolate";

/**
 * PyTorch's nearest_idx: identity when the sizes agree, dst >> 1 when the output is exactly twice the input,
 * else min(floor(dst * scale), in - 1) in float32 arithmetic, where scale is in / out, or 1 / scaleFactor when one
 * was given. That is PyTorch's CPU kernel for float32 (and for float64 along W); for float64 it computes H's index in
 * double, and for outputs wider than its vector width it drops the x2 shortcut when the scale is not 2, so a rare
 * non-integer scale reads a neighbouring row there (docs/ops.md).
 */
function nearestMap(inSize: number, outSize: number, scaleFactor: number | null): AxisMap {
  const index0 = new Int32Array(outSize);
  const scale = Math.fround(scaleFactor !== null ? 1 / scaleFactor : inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    index0[o] = outSize === inSize ? o : outSize === 2 * inSize ? o >> 1 : Math.min(Math.floor(Math.fround(Math.fround(o) * scale)), inSize - 1);
  }
  return { index0, index1: index0, weight0: new Float64Array(0), weight1: new Float64Array(0) };
}

/**
 * PyTorch's linear source index: an axis whose size is kept is copied (whatever the scale factor that kept it, as
 * PyTorch's "output_size == input_size: simply copy"); alignCorners maps corner to corner, src = dst * (in - 1) /
 * (out - 1); otherwise src = max(0, (dst + 0.5) * scale - 0.5) with scale = in / out (1 / scaleFactor when given).
 * The neighbours are floor(src) and the next one (clamped to the last input cell), weighted by the distance.
 */
function linearMap(inSize: number, outSize: number, scaleFactor: number | null, alignCorners: boolean): AxisMap {
  const index0 = new Int32Array(outSize);
  const index1 = new Int32Array(outSize);
  const weight0 = new Float64Array(outSize);
  const weight1 = new Float64Array(outSize);
  const kept = outSize === inSize; // read as is: src = dst
  let scale = 1;
  if (!kept && alignCorners) scale = outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  else if (!kept) scale = scaleFactor !== null ? 1 / scaleFactor : inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const src = kept || alignCorners ? scale * o : Math.max(0, scale * (o + 0.5) - 0.5);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const lambda = Math.min(Math.max(src - i0, 0), 1);
    index0[o] = i0;
    index1[o] = i0 < inSize - 1 ? i0 + 1 : i0;
    weight0[o] = 1 - lambda;
    weight1[o] = lambda;
  }
  return { index0, index1, weight0, weight1 };
}

/** One axis's output size, with the type's checks in its order: the input, then the scale or the requested size. */
function outputSize(axis: "H" | "W", inSize: number, size: number | null, scale: number | null): number {
  if (inSize === 0) throw new ShapeError(notPositive(op, axis, "input size", 0));
  if (size !== null) {
    const out = Number(toNat(size, `${op}: axis ${axis}: output size`));
    if (out === 0) throw new ShapeError(notPositive(op, axis, "output size", 0));
    return out;
  }
  const s = scale!;
  if (!(s > 0) || !Number.isFinite(s)) throw new ShapeError(notPositive(op, axis, "scale factor", s));
  const out = Math.floor(inSize * s);
  if (out === 0) throw new ShapeError(notPositive(op, axis, "output size", 0));
  return out;
}

function pairOrNull(name: string, value: number | readonly [number, number] | null | undefined): [number, number] | null {
  if (value === null || value === undefined) return null;
  const pair: readonly number[] = typeof value === "number" ? [value, value] : value;
  if (pair.length !== 2) throw new ShapeError(`${op}: ${name} must be a number or [h, w], got ${pair.length} values`);
  return [pair[0]!, pair[1]!];
}

/**
 * Resizes the H and W of x (N, C, H, W) as torch.nn.functional.interpolate, mode "nearest" (src = floor(dst *
 * in / out)) or "bilinear" (alignCorners false: half-pixel centres, clamped at 0; true: corners aligned). Give
 * exactly one of `size` ([H, W]) and `scaleFactor` (floor(H * s); the source coordinates then use 1 / s, as
 * PyTorch does without recompute_scale_factor). The gradient scatter-adds gy back through the same weights.
 */
export function interpolate<XS extends Shape, D extends DType, const O extends OpenOptions<InterpolateOptions>>(
  x: Tensor<XS, D> & ShapeGuard<InterpolateXCheck<XS>>,
  options: O & InterpolateOptionsGuard<XS, O>,
): ShapedResult<InterpolateShape<XS, O>, D> {
  const shape = x.shape;
  if (shape.length !== 4) throw new ShapeError(badRank(op, "x", "(N, C, H, W)", shape.length));
  requireKnownOptions(op, options, interpolateOptionNames);
  const opts: InterpolateOptions = options;
  const mode = opts.mode;
  if (mode !== "nearest" && mode !== "bilinear") throw new ShapeError(unknownMode(op, String(mode)));
  const alignGiven = opts.alignCorners !== null && opts.alignCorners !== undefined;
  if (mode === "nearest" && alignGiven) throw new ShapeError(alignCornersNearest(op));
  const size = pairOrNull("size", opts.size);
  const scale = pairOrNull("scaleFactor", opts.scaleFactor);
  if (size !== null && scale !== null) throw new ShapeError(sizeOrScale(op, "both"));
  if (size === null && scale === null) throw new ShapeError(sizeOrScale(op, "neither"));
  const dims: readonly number[] = shape;
  const n = dims[0]!;
  const c = dims[1]!;
  const inH = dims[2]!;
  const inW = dims[3]!;
  const outH = outputSize("H", inH, size === null ? null : size[0], scale === null ? null : scale[0]);
  const outW = outputSize("W", inW, size === null ? null : size[1], scale === null ? null : scale[1]);
  const alignCorners = opts.alignCorners === true;
  const scaleH = scale === null ? null : scale[0];
  const scaleW = scale === null ? null : scale[1];
  const rows = mode === "nearest" ? nearestMap(inH, outH, scaleH) : linearMap(inH, outH, scaleH, alignCorners);
  const cols = mode === "nearest" ? nearestMap(inW, outW, scaleW) : linearMap(inW, outW, scaleW, alignCorners);
  const geometry: Geometry = { planes: n * c, inH, inW, outH, outW, rows, cols, bilinear: mode === "bilinear" };
  const y = allocate(x.dtype, geometry.planes * outH * outW, op);
  forward(geometry, x.data, y);
  const out = Tensor.wrap([n, c, outH, outW], x.dtype, y);
  const dtype = x.dtype;
  record(
    "interpolate",
    out,
    [x],
    (gy) => {
      const dx = allocate(dtype, geometry.planes * inH * inW);
      backward(geometry, gy.data, dx);
      return [Tensor.wrap(shape, dtype, dx)];
    },
    () => interpolateBound(options, geometry.bilinear),
  );
  return out as Tensor<Shape, D> as ShapedResult<InterpolateShape<XS, O>, D>;
}

/** interpolate's bound rule: affine with nonnegative weights; nearest copies, bilinear sums 4 weighted terms. */
function interpolateBound(options: InterpolateOptions, bilinear: boolean): BoundRule {
  const run = interpolate as unknown as (x: Tensor<Shape, DType>, o: InterpolateOptions) => Tensor<Shape, DType>;
  return affineBound({ apply: ([v]) => run(v!, options), rounding: bilinear ? 8 : 0 });
}

interface Geometry {
  readonly planes: number;
  readonly inH: number;
  readonly inW: number;
  readonly outH: number;
  readonly outW: number;
  readonly rows: AxisMap;
  readonly cols: AxisMap;
  readonly bilinear: boolean;
}

function forward(g: Geometry, x: ArrayLike<number>, y: ArrayFor<DType>): void {
  const { planes, inH, inW, outH, outW, rows, cols } = g;
  const inPlane = inH * inW;
  let k = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * inPlane;
    for (let oh = 0; oh < outH; oh++) {
      const r0 = base + rows.index0[oh]! * inW;
      if (!g.bilinear) {
        for (let ow = 0; ow < outW; ow++) y[k++] = x[r0 + cols.index0[ow]!]!;
        continue;
      }
      const r1 = base + rows.index1[oh]! * inW;
      const a0 = rows.weight0[oh]!;
      const a1 = rows.weight1[oh]!;
      for (let ow = 0; ow < outW; ow++) {
        const c0 = cols.index0[ow]!;
        const c1 = cols.index1[ow]!;
        const b0 = cols.weight0[ow]!;
        const b1 = cols.weight1[ow]!;
        y[k++] = a0 * (b0 * x[r0 + c0]! + b1 * x[r0 + c1]!) + a1 * (b0 * x[r1 + c0]! + b1 * x[r1 + c1]!);
      }
    }
  }
}

function backward(g: Geometry, gy: ArrayLike<number>, dx: ArrayFor<DType>): void {
  const { planes, inH, inW, outH, outW, rows, cols } = g;
  const inPlane = inH * inW;
  let k = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * inPlane;
    for (let oh = 0; oh < outH; oh++) {
      const r0 = base + rows.index0[oh]! * inW;
      if (!g.bilinear) {
        for (let ow = 0; ow < outW; ow++) dx[r0 + cols.index0[ow]!]! += gy[k++]!;
        continue;
      }
      const r1 = base + rows.index1[oh]! * inW;
      const a0 = rows.weight0[oh]!;
      const a1 = rows.weight1[oh]!;
      for (let ow = 0; ow < outW; ow++) {
        const c0 = cols.index0[ow]!;
        const c1 = cols.index1[ow]!;
        const b0 = cols.weight0[ow]!;
        const b1 = cols.weight1[ow]!;
        const v = gy[k++]!;
        dx[r0 + c0]! += a0 * b0 * v;
        dx[r0 + c1]! += a0 * b1 * v;
        dx[r1 + c0]! += a1 * b0 * v;
        dx[r1 + c1]! += a1 * b1 * v;
      }
    }
  }
}
