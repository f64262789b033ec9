import type { OpenOptions } from "../../../types/ops/options.js";
import type { ReduceOptionNames, ReduceOptions, ReduceOptionsGuard, ReduceRule } from "../../../types/ops/reduce/reduce-shape.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { ShapedResult } from "../result.js";
import { extremum } from "./extremum.js";

/**
 * The minimum over `dim` (as `sum`'s options), as torch.amin; NaN propagates. A reduced axis of size 0 throws
 * (checked at run time only). The gradient is split evenly among tied minima, as PyTorch's amin (max-pool
 * instead routes it to the first).
 */
export function amin<S extends Shape, D extends DType, const O extends OpenOptions<ReduceOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & ReduceOptionsGuard<"amin", O, ReduceOptionNames, ReduceRule<"amin", S, O>>,
): ShapedResult<ReduceRule<"amin", S, O>, D> {
  return extremum("amin", x as Tensor<Shape, D>, options, false) as ShapedResult<ReduceRule<"amin", S, O>, D>;
}
