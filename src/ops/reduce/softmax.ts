import type { OrMessage } from "../../../types/ops/common.js";
import type { DimRank } from "../../../types/ops/reduce/reduce-shape.js";
import type { AxisCheck } from "../../../types/shape/axis.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { currentBackend } from "../../backend.js";
import { kernelData, type Tensor } from "../../tensor/tensor.js";
import { opOutput } from "../output.js";
import { axisLanes, laneMax, laneStart } from "./axis-lanes.js";

/**
 * `exp(x) / sum(exp(x))` along `dim`, as torch.softmax, computed stably with the slice's maximum subtracted (sums
 * in float64). Same shape as x. The gradient is `y * (gy - sum(gy * y))` along `dim`. Float32 along the last axis
 * runs on the backend's row kernels when it has them (the WebAssembly one: exp in float32 lanes, within a few ulp;
 * sums in float64), else these loops (Math.exp in float64).
 */
export function softmax<S extends Shape, D extends DType, const A extends number>(
  x: Tensor<S, D>,
  dim: OrMessage<A, AxisCheck<"softmax", DimRank<S>, A>>,
): Tensor<S, D> {
  const { lanes, count, step } = axisLanes("softmax", x.shape, dim as number);
  // every path writes each element: the result may stay in the backend's memory
  const heap = currentBackend().residentHeap;
  const xd = kernelData(x, heap);
  const y = opOutput(x.dtype, x.size, heap);
  if (step === 1) softmaxRows(xd, y.array, lanes, count);
  else softmaxLanes(xd, y.array, lanes, count, step);
  const out = y.tensor(x.shape);
  return record("softmax", out, [x], (gy) => {
    const heap = currentBackend().residentHeap;
    const yd = kernelData(out, heap);
    const dx = opOutput(x.dtype, x.size, heap);
    if (step === 1) softmaxRowsBackward(yd, kernelData(gy, heap), dx.array, lanes, count);
    else softmaxLanesBackward(yd, kernelData(gy, heap), dx.array, lanes, count, step);
    return [dx.tensor(x.shape)];
  });
}

/**
 * Softmax of `rows` contiguous rows of `count` values: the backend's row kernel for float32 when it has one, else
 * the float64 loop. `y` may be `x` (each row is read before it is written).
 */
export function softmaxRows(x: Float32Array | Float64Array, y: Float32Array | Float64Array, rows: number, count: number): void {
  const backend = currentBackend();
  if (x instanceof Float32Array && y instanceof Float32Array && backend.softmaxRows !== undefined) backend.softmaxRows(rows, count, x, y);
  else softmaxLanes(x, y, rows, count, 1);
}

/** softmaxRows' gradient: dx = y * (g - sum(g * y)) per row. `dx` may be `g`. */
export function softmaxRowsBackward(
  y: Float32Array | Float64Array,
  g: Float32Array | Float64Array,
  dx: Float32Array | Float64Array,
  rows: number,
  count: number,
): void {
  const backend = currentBackend();
  if (y instanceof Float32Array && g instanceof Float32Array && dx instanceof Float32Array && backend.softmaxRowsBackward !== undefined) {
    backend.softmaxRowsBackward(rows, count, y, g, dx);
  } else {
    softmaxLanesBackward(y, g, dx, rows, count, 1);
  }
}

/** The forward along strided lanes (see axisLanes), in float64. */
function softmaxLanes(xd: Float32Array | Float64Array, y: Float32Array | Float64Array, lanes: number, count: number, step: number): void {
  for (let l = 0; l < lanes; l++) {
    const b = laneStart(l, count, step);
    const end = b + count * step;
    const m = laneMax(xd, b, end, step);
    let s = 0;
    for (let i = b; i < end; i += step) {
      const e = Math.exp(xd[i]! - m);
      y[i] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let i = b; i < end; i += step) y[i] = y[i]! * inv;
  }
}

/** The gradient along strided lanes, in float64. */
function softmaxLanesBackward(
  y: Float32Array | Float64Array,
  g: Float32Array | Float64Array,
  dx: Float32Array | Float64Array,
  lanes: number,
  count: number,
  step: number,
): void {
  for (let l = 0; l < lanes; l++) {
    const b = laneStart(l, count, step);
    const end = b + count * step;
    let dot = 0;
    for (let i = b; i < end; i += step) dot += g[i]! * y[i]!;
    for (let i = b; i < end; i += step) dx[i] = y[i]! * (g[i]! - dot);
  }
}
