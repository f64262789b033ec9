import type { EluOptionNames, EluOptions } from "../../../types/ops/elementwise/options.js";
import type { OpenOptions, OptionsGuard } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { requireKnownOptions } from "../options.js";

export type { EluOptionNames, EluOptions };
export const eluOptionNames: EluOptionNames = ["alpha"];

/**
 * x where x > 0, else α·(eˣ − 1) (torch.nn.functional.elu, `alpha` 1). Gradient 1 where x > 0, else α·eˣ: at
 * exactly 0 it is α, as PyTorch.
 */
export function elu<S extends Shape, D extends DType, const O extends OpenOptions<EluOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & OptionsGuard<"elu", O, EluOptionNames>,
): Tensor<S, D> {
  requireKnownOptions("elu", options, eluOptionNames);
  const alpha = (options as EluOptions | undefined)?.alpha ?? 1;
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = xd[i]!;
    yd[i] = v > 0 ? v : alpha * Math.expm1(v);
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record("elu", y, [x], (gy) => {
    const gd = gy.data;
    const dx = allocate(gy.dtype, n);
    for (let i = 0; i < n; i++) {
      const v = xd[i]!;
      dx[i] = v > 0 ? gd[i]! : gd[i]! * alpha * Math.exp(v);
    }
    return [Tensor.wrap(gy.shape, gy.dtype, dx)];
  });
}
