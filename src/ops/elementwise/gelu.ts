import type { GeluOptionNames, GeluOptions } from "../../../types/ops/elementwise/options.js";
import type { OpenOptions, OptionsGuard } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { ShapeError } from "../../errors.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { requireKnownOptions } from "../options.js";
import { erf } from "./erf.js";
import { geluApproximate } from "./messages.js";

export type { GeluOptionNames, GeluOptions };
export const geluOptionNames: GeluOptionNames = ["approximate"];

const sqrtHalf = Math.SQRT1_2;
/** √(2/π), PyTorch's kBeta. */
const beta = Math.sqrt(2 / Math.PI);
const kappa = 0.044715;
/** 1/√(2π): the standard normal density's factor. */
const densityFactor = 1 / Math.sqrt(2 * Math.PI);

/**
 * GELU elementwise, as torch.nn.functional.gelu: x·Φ(x) = x/2·(1 + erf(x/√2)) by default, or with
 * `{ approximate: "tanh" }` x/2·(1 + tanh(√(2/π)·(x + 0.044715x³))). Gradient: PyTorch's formulas
 * (Φ(x) + x·φ(x), and the tanh form's derivative); both are 0.5 at x = 0.
 */
export function gelu<S extends Shape, D extends DType, const O extends OpenOptions<GeluOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & OptionsGuard<"gelu", O, GeluOptionNames>,
): Tensor<S, D> {
  requireKnownOptions("gelu", options, geluOptionNames);
  const approximate = (options as GeluOptions | undefined)?.approximate ?? "none";
  if (approximate !== "none" && approximate !== "tanh") throw new ShapeError(geluApproximate(String(approximate)));
  const tanhForm = approximate === "tanh";
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  if (tanhForm) {
    for (let i = 0; i < n; i++) {
      const v = xd[i]!;
      yd[i] = 0.5 * v * (1 + Math.tanh(beta * (v + kappa * v * v * v)));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = xd[i]!;
      yd[i] = 0.5 * v * (1 + erf(v * sqrtHalf));
    }
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record("gelu", y, [x], (gy) => {
    const gd = gy.data;
    const dx = allocate(gy.dtype, n);
    if (tanhForm) {
      for (let i = 0; i < n; i++) {
        const v = xd[i]!;
        const t = Math.tanh(beta * (v + kappa * v * v * v));
        const left = 0.5 * (1 + t);
        const right = 0.5 * v * (1 - t * t) * beta * (1 + 3 * kappa * v * v);
        dx[i] = gd[i]! * (left + right);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = xd[i]!;
        const cdf = 0.5 * (1 + erf(v * sqrtHalf));
        const pdf = densityFactor * Math.exp(-0.5 * v * v);
        dx[i] = gd[i]! * (cdf + v * pdf);
      }
    }
    return [Tensor.wrap(gy.shape, gy.dtype, dx)];
  });
}
