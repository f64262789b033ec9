import type { OrMessage } from "../../../types/ops/common.js";
import type { DimRank } from "../../../types/ops/reduce/reduce-shape.js";
import type { AxisCheck } from "../../../types/shape/axis.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { axisLanes, laneMax, laneStart } from "./axis-lanes.js";

/**
 * `exp(x) / sum(exp(x))` along `dim`, as torch.softmax, computed stably with the slice's maximum subtracted (sums
 * in float64). Same shape as x. The gradient is `y * (gy - sum(gy * y))` along `dim`.
 */
export function softmax<S extends Shape, D extends DType, const A extends number>(
  x: Tensor<S, D>,
  dim: OrMessage<A, AxisCheck<"softmax", DimRank<S>, A>>,
): Tensor<S, D> {
  const { lanes, count, step } = axisLanes("softmax", x.shape, dim as number);
  const xd = x.data;
  const y = allocate(x.dtype, xd.length);
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
  const out = Tensor.wrap(x.shape, x.dtype, y);
  return record("softmax", out, [x], (gy) => {
    const g = gy.data;
    const dx = allocate(x.dtype, y.length);
    for (let l = 0; l < lanes; l++) {
      const b = laneStart(l, count, step);
      const end = b + count * step;
      let dot = 0;
      for (let i = b; i < end; i += step) dot += g[i]! * y[i]!;
      for (let i = b; i < end; i += step) dx[i] = y[i]! * (g[i]! - dot);
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  });
}
