import type { OpenOptions } from "../../../types/ops/options.js";
import type { ReduceOptionsGuard, ReduceRule, VarOptionNames, VarOptions } from "../../../types/ops/reduce/reduce-shape.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import type { ShapedResult } from "../result.js";
import { planCall, varOptionNames } from "./plan.js";

/**
 * The variance over `dim` (as `sum`'s options), as torch.var: `sum((x - mean)^2) / max(0, N - correction)`, N the
 * number of reduced elements, `correction` 1 by default (Bessel's), 0 for the population variance. When
 * N - correction <= 0 the divisor is 0, giving NaN or Infinity as in PyTorch. Exported as `var` too. Two passes,
 * accumulated in float64. The gradient is `gy * 2 (x - mean) / (N - correction)`.
 */
export function variance<S extends Shape, D extends DType, const O extends OpenOptions<VarOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & ReduceOptionsGuard<"var", O, VarOptionNames, ReduceRule<"var", S, O>>,
): ShapedResult<ReduceRule<"var", S, O>, D> {
  const plan = planCall("var", x.shape, options, varOptionNames, false);
  const correction = (options as VarOptions | undefined)?.correction ?? 1;
  const { base, offsets, outSize, count } = plan;
  const xd = x.data;
  const y = allocate(x.dtype, outSize);
  const means = new Float64Array(outSize);
  const divisor = Math.max(0, count - correction);
  for (let o = 0; o < outSize; o++) {
    const b = base[o]!;
    let s = 0;
    for (let r = 0; r < count; r++) s += xd[b + offsets[r]!]!;
    const m = s / count;
    let m2 = 0;
    for (let r = 0; r < count; r++) {
      const d = xd[b + offsets[r]!]! - m;
      m2 += d * d;
    }
    means[o] = m;
    y[o] = m2 / divisor;
  }
  const out = Tensor.wrap(plan.outShape, x.dtype, y);
  const scale = 2 / (count - correction);
  return record("var", out, [x], (gy) => {
    const g = gy.data;
    const dx = allocate(x.dtype, xd.length);
    for (let o = 0; o < outSize; o++) {
      const b = base[o]!;
      const v = g[o]! * scale;
      const m = means[o]!;
      for (let r = 0; r < count; r++) {
        const i = b + offsets[r]!;
        dx[i] = v * (xd[i]! - m);
      }
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  }) as ShapedResult<ReduceRule<"var", S, O>, D>;
}

export { variance as var };
