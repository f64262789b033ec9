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
 * The sum over `dim` (one axis, a list, or omitted / null for every axis; negative axes count from the end), as
 * torch.sum: reduced axes are dropped, or kept as size 1 with `keepdim`. `sum(Tensor<[2, 3, 4]>, { dim: [0, -1] })`
 * is `Tensor<[3]>`; over every axis the result is `Tensor<[]>`. Sums accumulate in float64. The gradient is gy
 * broadcast back over the reduced axes.
 */
export function sum<S extends Shape, D extends DType, const O extends OpenOptions<ReduceOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & ReduceOptionsGuard<"sum", O, ReduceOptionNames, ReduceRule<"sum", S, O>>,
): ShapedResult<ReduceRule<"sum", S, O>, D> {
  const plan = planCall("sum", x.shape, options, reduceOptionNames, false);
  const y = allocate(x.dtype, plan.outSize);
  sumSlices(plan, x.data, y, 1);
  const out = Tensor.wrap(plan.outShape, x.dtype, y);
  const { shape, dtype } = x;
  const size = x.data.length;
  return record(
    "sum",
    out,
    [x],
    (gy) => {
      const dx = allocate(dtype, size);
      spreadSlices(plan, gy.data, dx, 1);
      return [Tensor.wrap(shape, dtype, dx)];
    },
    // each output a sum of plan.count terms (count − 1 additions), then stored in the dtype: γ_(count + 1) covers both
    () => affineBound({ apply: ([v]) => sum(v!, options as ReduceOptions) as Tensor<Shape, DType>, rounding: plan.count + 1 }),
  ) as ShapedResult<ReduceRule<"sum", S, O>, D>;
}
