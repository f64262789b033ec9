import type { OrMessage } from "../../../types/ops/common.js";
import type { DimRank } from "../../../types/ops/reduce/reduce-shape.js";
import type { AxisCheck } from "../../../types/shape/axis.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { axisLanes, laneMax, laneStart } from "./axis-lanes.js";

/**
 * `x - log(sum(exp(x)))` along `dim`, as torch.log_softmax, computed stably (`x - m - log(sum(exp(x - m)))`, m the
 * slice's maximum, sums in float64). Same shape as x. The gradient is `gy - exp(y) * sum(gy)` along `dim`.
 */
export function logSoftmax<S extends Shape, D extends DType, const A extends number>(
  x: Tensor<S, D>,
  dim: OrMessage<A, AxisCheck<"logSoftmax", DimRank<S>, A>>,
): Tensor<S, D> {
  const { lanes, count, step } = axisLanes("logSoftmax", x.shape, dim as number);
  const xd = x.data;
  const y = allocate(x.dtype, xd.length);
  for (let l = 0; l < lanes; l++) {
    const b = laneStart(l, count, step);
    const end = b + count * step;
    const m = laneMax(xd, b, end, step);
    let s = 0;
    for (let i = b; i < end; i += step) s += Math.exp(xd[i]! - m);
    const logS = Math.log(s);
    // (x - m) - log s, in this order: x - (m + log s) loses the low bits when |m| is huge.
    for (let i = b; i < end; i += step) y[i] = xd[i]! - m - logS;
  }
  const out = Tensor.wrap(x.shape, x.dtype, y);
  return record("logSoftmax", out, [x], (gy) => {
    const g = gy.data;
    const dx = allocate(x.dtype, y.length);
    for (let l = 0; l < lanes; l++) {
      const b = laneStart(l, count, step);
      const end = b + count * step;
      let sg = 0;
      for (let i = b; i < end; i += step) sg += g[i]!;
      for (let i = b; i < end; i += step) dx[i] = g[i]! - Math.exp(y[i]!) * sg;
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  });
}
