import type { AvgPool2dOptionNames, AvgPool2dOptions, AvgPool2dShape } from "../../../types/ops/image/avg-pool2d.js";
import type { SplitImage } from "../../../types/ops/common.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { OpenOptions, OptionKeysCheck } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound, type BoundRule } from "../../bounds/rule.js";
import { poolOut } from "../../shape/pool-out.js";
import { allocate, type ArrayFor, Tensor } from "../../tensor/tensor.js";
import type { XGuard } from "../conv2d.js";
import { imageShape, pairOf, requireNonEmptyImage, splitImage } from "../image.js";
import { requireKnownOptions } from "../options.js";
import type { ShapedResult } from "../result.js";

export type { AvgPool2dOptionNames, AvgPool2dOptions, AvgPool2dShape };

export const avgPool2dOptionNames: AvgPool2dOptionNames = ["kernel", "stride", "padding", "ceilMode", "countIncludePad"];

/** The options' keys first (as planAvgPool2d), then the sizes they give; x's rank is reported at x alone. */
type AvgPoolOptionsGuard<XS extends Shape, O> = FirstMessage<
  [OptionKeysCheck<"avgPool2d", O, AvgPool2dOptionNames>, SplitImage<XS, "avgPool2d"> extends string ? true : AvgPool2dShape<XS, O>]
>;

/**
 * Per output row (and column) of the windows: the input cells it reads `[lo, hi)` and the length of the window
 * clipped to the padded extent `[-p, n + p)` (PyTorch's pool_size, what countIncludePad divides by).
 */
interface AxisWindows {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly padded: Int32Array;
}

function axisWindows(out: number, n: number, k: number, s: number, p: number): AxisWindows {
  const lo = new Int32Array(out);
  const hi = new Int32Array(out);
  const padded = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const start = o * s - p;
    const end = Math.min(start + k, n + p);
    padded[o] = end - start;
    lo[o] = Math.max(start, 0);
    hi[o] = Math.min(end, n);
  }
  return { lo, hi, padded };
}

/** Checked geometry: the plane count, the sizes, and each output cell's window and divisor. */
interface AvgPool2dPlan {
  readonly planes: number;
  readonly inH: number;
  readonly inW: number;
  readonly outH: number;
  readonly outW: number;
  readonly rows: AxisWindows;
  readonly cols: AxisWindows;
  /** The divisor of each output cell of a plane (outH * outW). */
  readonly divisor: Float64Array;
  readonly outShape: number[];
}

function planAvgPool2d(xShape: readonly number[], options: AvgPool2dOptions): AvgPool2dPlan {
  const op = "avgPool2d";
  const x = splitImage(op, xShape);
  requireKnownOptions(op, options, avgPool2dOptionNames);
  const [kH, kW] = pairOf(op, "kernel", options.kernel, 1);
  const [sH, sW] = pairOf(op, "stride", options.stride ?? options.kernel, 1);
  const [pH, pW] = pairOf(op, "padding", options.padding, 0);
  const ceil = options.ceilMode ?? false;
  const outH = poolOut(x.h, kH, sH, pH, 1, ceil, op, "H");
  const outW = poolOut(x.w, kW, sW, pW, 1, ceil, op, "W");
  requireNonEmptyImage(op, x, xShape);
  const rows = axisWindows(outH, x.h, kH, sH, pH);
  const cols = axisWindows(outW, x.w, kW, sW, pW);
  const includePad = options.countIncludePad ?? true;
  const divisor = new Float64Array(outH * outW);
  for (let oh = 0; oh < outH; oh++) {
    for (let ow = 0; ow < outW; ow++) {
      divisor[oh * outW + ow] = includePad ? rows.padded[oh]! * cols.padded[ow]! : (rows.hi[oh]! - rows.lo[oh]!) * (cols.hi[ow]! - cols.lo[ow]!);
    }
  }
  return { planes: x.n * x.c, inH: x.h, inW: x.w, outH, outW, rows, cols, divisor, outShape: imageShape(x, x.c, outH, outW) };
}

/**
 * Average pooling as torch.nn.functional.avg_pool2d: x (C, H, W) or (N, C, H, W). Padding counts as zeros; the
 * divisor is the window clipped to the padded input (countIncludePad, the default; never the part of a ceilMode
 * window past the padding) or the number of input cells in it. The gradient spreads gy / divisor over the window.
 */
export function avgPool2d<XS extends Shape, D extends DType, const O extends OpenOptions<AvgPool2dOptions>>(
  x: Tensor<XS, D> & XGuard<XS, "avgPool2d">,
  options: O & AvgPoolOptionsGuard<XS, O>,
): ShapedResult<AvgPool2dShape<XS, O>, D> {
  const plan = planAvgPool2d(x.shape, options);
  const y = allocate(x.dtype, plan.planes * plan.outH * plan.outW);
  avgPoolForward(plan, x.data, y);
  const out = Tensor.wrap(plan.outShape, x.dtype, y);
  const inShape = x.shape;
  const dtype = x.dtype;
  record(
    "avgPool2d",
    out,
    [x],
    (gy) => {
      const dx = allocate(dtype, plan.planes * plan.inH * plan.inW);
      avgPoolBackward(plan, gy.data, dx);
      return [Tensor.wrap(inShape, dtype, dx)];
    },
    () => avgPool2dBound(plan, options),
  );
  return out as ShapedResult<AvgPool2dShape<XS, O>, D>;
}

/** avgPool2d's bound rule: affine, each output a sum over its window then one division. */
function avgPool2dBound(plan: AvgPool2dPlan, options: AvgPool2dOptions): BoundRule {
  const run = avgPool2d as unknown as (x: Tensor<Shape, DType>, o: AvgPool2dOptions) => Tensor<Shape, DType>;
  let window = 1;
  for (let i = 0; i < plan.outH; i++)
    for (let j = 0; j < plan.outW; j++) window = Math.max(window, (plan.rows.hi[i]! - plan.rows.lo[i]!) * (plan.cols.hi[j]! - plan.cols.lo[j]!));
  return affineBound({ apply: ([v]) => run(v!, options), rounding: window + 2 });
}

function avgPoolForward(plan: AvgPool2dPlan, x: ArrayLike<number>, y: ArrayFor<DType>): void {
  const { planes, inH, inW, outH, outW, rows, cols, divisor } = plan;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  for (let p = 0; p < planes; p++) {
    const xBase = p * inPlane;
    const yBase = p * outPlane;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = rows.lo[oh]!;
      const h1 = rows.hi[oh]!;
      for (let ow = 0; ow < outW; ow++) {
        const w0 = cols.lo[ow]!;
        const w1 = cols.hi[ow]!;
        let sum = 0;
        for (let h = h0; h < h1; h++) {
          const row = xBase + h * inW;
          for (let w = w0; w < w1; w++) sum += x[row + w]!;
        }
        const o = oh * outW + ow;
        y[yBase + o] = sum / divisor[o]!;
      }
    }
  }
}

function avgPoolBackward(plan: AvgPool2dPlan, gy: ArrayLike<number>, dx: ArrayFor<DType>): void {
  const { planes, inH, inW, outH, outW, rows, cols, divisor } = plan;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  for (let p = 0; p < planes; p++) {
    const xBase = p * inPlane;
    const yBase = p * outPlane;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = rows.lo[oh]!;
      const h1 = rows.hi[oh]!;
      for (let ow = 0; ow < outW; ow++) {
        const w0 = cols.lo[ow]!;
        const w1 = cols.hi[ow]!;
        const o = oh * outW + ow;
        const g = gy[yBase + o]! / divisor[o]!;
        for (let h = h0; h < h1; h++) {
          const row = xBase + h * inW;
          for (let w = w0; w < w1; w++) dx[row + w]! += g;
        }
      }
    }
  }
}
