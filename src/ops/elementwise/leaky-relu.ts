import type { LeakyReluOptionNames, LeakyReluOptions } from "../../../types/ops/elementwise/options.js";
import type { OpenOptions, OptionsGuard } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { leakyReluBound } from "../../bounds/activations.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { requireKnownOptions } from "../options.js";

export type { LeakyReluOptionNames, LeakyReluOptions };
export const leakyReluOptionNames: LeakyReluOptionNames = ["negativeSlope"];

/**
 * x where x > 0, else negativeSlope·x (torch.nn.functional.leaky_relu, `negativeSlope` 0.01). Gradient 1 where
 * x > 0, else negativeSlope: at exactly 0 it is negativeSlope, as PyTorch.
 */
export function leakyRelu<S extends Shape, D extends DType, const O extends OpenOptions<LeakyReluOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & OptionsGuard<"leakyRelu", O, LeakyReluOptionNames>,
): Tensor<S, D> {
  requireKnownOptions("leakyRelu", options, leakyReluOptionNames);
  const slope = (options as LeakyReluOptions | undefined)?.negativeSlope ?? 0.01;
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = xd[i]!;
    yd[i] = v > 0 ? v : v * slope;
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record(
    "leakyRelu",
    y,
    [x],
    (gy) => {
      const gd = gy.data;
      const dx = allocate(gy.dtype, n);
      for (let i = 0; i < n; i++) dx[i] = xd[i]! > 0 ? gd[i]! : gd[i]! * slope;
      return [Tensor.wrap(gy.shape, gy.dtype, dx)];
    },
    () => leakyReluBound(slope),
  );
}
