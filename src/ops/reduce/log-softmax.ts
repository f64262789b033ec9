import type { OrMessage } from "../../../types/ops/common.js";
import type { DimRank } from "../../../types/ops/reduce/reduce-shape.js";
import type { AxisCheck } from "../../../types/shape/axis.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { sliceMax, sliceSumExp } from "./slices.js";
import { planAxis } from "./softmax.js";

/**
 * `x - log(sum(exp(x)))` along `dim`, as torch.log_softmax, computed stably (`x - m - log(sum(exp(x - m)))`, m the
 * slice's maximum, sums in float64). Same shape as x. The gradient is `gy - exp(y) * sum(gy)` along `dim`.
 */
export function logSoftmax<S extends Shape, D extends DType, const A extends number>(
  x: Tensor<S, D>,
  dim: OrMessage<A, AxisCheck<"logSoftmax", DimRank<S>, A>>,
): Tensor<S, D> {
  const { base, offsets, outSize, count } = planAxis("logSoftmax", x.shape, dim as number);
  const xd = x.data;
  const y = allocate(x.dtype, xd.length);
  for (let o = 0; o < outSize; o++) {
    const b = base[o]!;
    const m = sliceMax(xd, b, offsets, count);
    const logS = Math.log(sliceSumExp(xd, b, offsets, count, m));
    for (let r = 0; r < count; r++) {
      const i = b + offsets[r]!;
      y[i] = xd[i]! - m - logS;
    }
  }
  const out = Tensor.wrap(x.shape, x.dtype, y);
  return record("logSoftmax", out, [x], (gy) => {
    const g = gy.data;
    const dx = allocate(x.dtype, y.length);
    for (let o = 0; o < outSize; o++) {
      const b = base[o]!;
      let sg = 0;
      for (let r = 0; r < count; r++) sg += g[b + offsets[r]!]!;
      for (let r = 0; r < count; r++) {
        const i = b + offsets[r]!;
        dx[i] = g[i]! - Math.exp(y[i]!) * sg;
      }
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  });
}
