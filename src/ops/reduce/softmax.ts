import type { OrMessage } from "../../../types/ops/common.js";
import type { DimRank } from "../../../types/ops/reduce/reduce-shape.js";
import type { AxisCheck } from "../../../types/shape/axis.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { planFromMask, reducedAxes, type ReducePlan } from "./plan.js";
import { sliceMax } from "./slices.js";

/** The plan of softmax-like ops: one axis (required, negative counting from the end), kept. */
export function planAxis(op: string, shape: readonly number[], dim: number): ReducePlan {
  if (typeof dim !== "number") throw new TypeError(`${op}: dim must be a number, got ${typeof dim}`);
  return planFromMask(op, shape, reducedAxes(op, shape.length, dim), true, false);
}

/**
 * `exp(x) / sum(exp(x))` along `dim`, as torch.softmax, computed stably with the slice's maximum subtracted (sums
 * in float64). Same shape as x. The gradient is `y * (gy - sum(gy * y))` along `dim`.
 */
export function softmax<S extends Shape, D extends DType, const A extends number>(
  x: Tensor<S, D>,
  dim: OrMessage<A, AxisCheck<"softmax", DimRank<S>, A>>,
): Tensor<S, D> {
  const { base, offsets, outSize, count } = planAxis("softmax", x.shape, dim as number);
  const xd = x.data;
  const y = allocate(x.dtype, xd.length);
  for (let o = 0; o < outSize; o++) {
    const b = base[o]!;
    const m = sliceMax(xd, b, offsets, count);
    let s = 0;
    for (let r = 0; r < count; r++) {
      const i = b + offsets[r]!;
      const e = Math.exp(xd[i]! - m);
      y[i] = e;
      s += e;
    }
    for (let r = 0; r < count; r++) {
      const i = b + offsets[r]!;
      y[i] = y[i]! / s;
    }
  }
  const out = Tensor.wrap(x.shape, x.dtype, y);
  return record("softmax", out, [x], (gy) => {
    const g = gy.data;
    const dx = allocate(x.dtype, y.length);
    for (let o = 0; o < outSize; o++) {
      const b = base[o]!;
      let dot = 0;
      for (let r = 0; r < count; r++) {
        const i = b + offsets[r]!;
        dot += g[i]! * y[i]!;
      }
      for (let r = 0; r < count; r++) {
        const i = b + offsets[r]!;
        dx[i] = y[i]! * (g[i]! - dot);
      }
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  });
}
