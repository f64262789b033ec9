import type { OpenOptions } from "../../../types/ops/options.js";
import type { ReduceOptionNames, ReduceOptions, ReduceOptionsGuard, ReduceRule } from "../../../types/ops/reduce/reduce-shape.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound } from "../../bounds/rule.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import type { ShapedResult } from "../result.js";
import { planCall, reduceOptionNames } from "./plan.js";
import { spreadSlices, sumSlices } from "./slices.js";

/**
 * The mean over `dim` (as `sum`'s options), as torch.mean: the sum (accumulated in float64) divided by the number
 * of reduced elements; NaN over an empty reduction, as PyTorch. The gradient is gy / N broadcast back.
 */
export function mean<S extends Shape, D extends DType, const O extends OpenOptions<ReduceOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & ReduceOptionsGuard<"mean", O, ReduceOptionNames, ReduceRule<"mean", S, O>>,
): ShapedResult<ReduceRule<"mean", S, O>, D> {
  const plan = planCall("mean", x.shape, options, reduceOptionNames, false);
  const y = allocate(x.dtype, plan.outSize);
  sumSlices(plan, x.data, y, plan.count);
  const out = Tensor.wrap(plan.outShape, x.dtype, y);
  const { shape, dtype } = x;
  const size = x.data.length;
  return record(
    "mean",
    out,
    [x],
    (gy) => {
      const dx = allocate(dtype, size);
      spreadSlices(plan, gy.data, dx, plan.count);
      return [Tensor.wrap(shape, dtype, dx)];
    },
    // sum's count − 1 additions, the division, then stored in the dtype: γ_(count + 2) covers them
    () => affineBound({ apply: ([v]) => mean(v!, options as ReduceOptions) as Tensor<Shape, DType>, rounding: plan.count + 2 }),
  ) as ShapedResult<ReduceRule<"mean", S, O>, D>;
}
