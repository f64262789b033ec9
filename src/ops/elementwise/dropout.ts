import type { DropoutGuard, DropoutOptionNames, DropoutOptions } from "../../../types/ops/elementwise/options.js";
import type { OpenOptions } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { ShapeError } from "../../errors.js";
import { createRng } from "../../random.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { requireKnownOptions } from "../options.js";
import { dropoutProbability } from "./messages.js";

export type { DropoutOptionNames, DropoutOptions };
export const dropoutOptionNames: DropoutOptionNames = ["p", "training", "seed"];

/**
 * Zeroes each element with probability p and scales the rest by 1/(1 − p) (torch.nn.functional.dropout, `p` 0.5,
 * `training` true); the mask comes from `seed` (same seed, same mask). Returns x itself when `training` is false
 * or p = 0, zeros (x·0) when p = 1, as PyTorch; p must be in [0, 1]. Gradient: gy times the same scaled mask.
 */
export function dropout<S extends Shape, D extends DType, const O extends OpenOptions<DropoutOptions>>(
  x: Tensor<S, D>,
  options: O & DropoutGuard<O>,
): Tensor<S, D> {
  requireKnownOptions("dropout", options, dropoutOptionNames);
  const o = options as DropoutOptions;
  const p = o.p ?? 0.5;
  if (!(p >= 0 && p <= 1)) throw new ShapeError(dropoutProbability(p));
  if (o.training === false || p === 0) return x;
  const xd = x.data;
  const n = xd.length;
  const mask = allocate(x.dtype, n);
  if (p < 1) {
    const rng = createRng(o.seed);
    const keep = 1 - p;
    const scale = 1 / keep;
    for (let i = 0; i < n; i++) mask[i] = rng.uniform() < keep ? scale : 0;
  }
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) yd[i] = xd[i]! * mask[i]!;
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record("dropout", y, [x], (gy) => {
    const gd = gy.data;
    const dx = allocate(gy.dtype, n);
    for (let i = 0; i < n; i++) dx[i] = gd[i]! * mask[i]!;
    return [Tensor.wrap(gy.shape, gy.dtype, dx)];
  });
}
