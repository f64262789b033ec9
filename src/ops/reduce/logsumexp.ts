import type { OpenOptions } from "../../../types/ops/options.js";
import type { ReduceOptionNames, ReduceOptions, ReduceOptionsGuard, ReduceRule } from "../../../types/ops/reduce/reduce-shape.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import type { ShapedResult } from "../result.js";
import { planCall, reduceOptionNames } from "./plan.js";
import { sliceMax, sliceSumExp } from "./slices.js";

/**
 * `log(sum(exp(x)))` over `dim` (as `sum`'s options), as torch.logsumexp, computed stably as
 * `m + log(sum(exp(x - m)))` with m the maximum (taken as 0 when infinite, as PyTorch does, so all -Infinity gives
 * -Infinity and an empty reduction -Infinity). The gradient is `gy * exp(x - y)` (softmax of the slice).
 */
export function logsumexp<S extends Shape, D extends DType, const O extends OpenOptions<ReduceOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & ReduceOptionsGuard<"logsumexp", O, ReduceOptionNames, ReduceRule<"logsumexp", S, O>>,
): ShapedResult<ReduceRule<"logsumexp", S, O>, D> {
  const plan = planCall("logsumexp", x.shape, options, reduceOptionNames, false);
  const { base, offsets, outSize, count } = plan;
  const xd = x.data;
  const y = allocate(x.dtype, outSize);
  for (let o = 0; o < outSize; o++) {
    const b = base[o]!;
    let m = sliceMax(xd, b, offsets, count);
    if (m === Infinity || m === -Infinity) m = 0;
    y[o] = m + Math.log(sliceSumExp(xd, b, offsets, count, m));
  }
  const out = Tensor.wrap(plan.outShape, x.dtype, y);
  return record("logsumexp", out, [x], (gy) => {
    const g = gy.data;
    const dx = allocate(x.dtype, xd.length);
    for (let o = 0; o < outSize; o++) {
      const b = base[o]!;
      const v = g[o]!;
      const yo = y[o]!;
      for (let r = 0; r < count; r++) {
        const i = b + offsets[r]!;
        dx[i] = v * Math.exp(xd[i]! - yo);
      }
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  }) as ShapedResult<ReduceRule<"logsumexp", S, O>, D>;
}
