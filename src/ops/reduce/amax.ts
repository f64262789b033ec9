import type { OpenOptions } from "../../../types/ops/options.js";
import type { ReduceOptionNames, ReduceOptions, ReduceOptionsGuard, ReduceRule } from "../../../types/ops/reduce/reduce-shape.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { ShapedResult } from "../result.js";
import { extremum } from "./extremum.js";

/**
 * The maximum over `dim` (as `sum`'s options), as torch.amax; NaN propagates. A reduced axis of size 0 throws
 * (checked at run time only). The gradient is split evenly among tied maxima, as PyTorch's amax (max-pool
 * instead routes it to the first).
 */
export function amax<S extends Shape, D extends DType, const O extends OpenOptions<ReduceOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & ReduceOptionsGuard<"amax", O, ReduceOptionNames, ReduceRule<"amax", S, O>>,
): ShapedResult<ReduceRule<"amax", S, O>, D> {
  return extremum("amax", x as Tensor<Shape, D>, options, true) as ShapedResult<ReduceRule<"amax", S, O>, D>;
}
