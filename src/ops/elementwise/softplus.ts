import type { SoftplusOptionNames, SoftplusOptions } from "../../../types/ops/elementwise/options.js";
import type { OpenOptions, OptionsGuard } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { requireKnownOptions } from "../options.js";

export type { SoftplusOptionNames, SoftplusOptions };
export const softplusOptionNames: SoftplusOptionNames = ["beta", "threshold"];

/**
 * log(1 + e^(βx))/β elementwise (torch.nn.functional.softplus, `beta` 1, `threshold` 20), and x itself where
 * βx > threshold (strictly), as PyTorch. Gradient gy·σ(βx) there, gy beyond the threshold.
 */
export function softplus<S extends Shape, D extends DType, const O extends OpenOptions<SoftplusOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & OptionsGuard<"softplus", O, SoftplusOptionNames>,
): Tensor<S, D> {
  requireKnownOptions("softplus", options, softplusOptionNames);
  const o = options as SoftplusOptions | undefined;
  const beta = o?.beta ?? 1;
  const threshold = o?.threshold ?? 20;
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = xd[i]!;
    const bx = v * beta;
    yd[i] = bx > threshold ? v : Math.log1p(Math.exp(bx)) / beta;
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record("softplus", y, [x], (gy) => {
    const gd = gy.data;
    const dx = allocate(gy.dtype, n);
    for (let i = 0; i < n; i++) {
      const bx = xd[i]! * beta;
      const z = Math.exp(bx);
      dx[i] = bx > threshold ? gd[i]! : (gd[i]! * z) / (z + 1);
    }
    return [Tensor.wrap(gy.shape, gy.dtype, dx)];
  });
}
