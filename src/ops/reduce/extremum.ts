import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { planCall, reduceOptionNames } from "./plan.js";

/**
 * amax (`max` true) or amin over the options' dims: the extremum of each slice, NaN if the slice holds one (as
 * PyTorch). The gradient is split evenly among the elements equal to the result (PyTorch's
 * `grad / count(x == y) * (x == y)`, so a NaN slice gets NaN).
 */
export function extremum<D extends DType>(
  op: "amax" | "amin",
  x: Tensor<Shape, D>,
  options: { readonly dim?: unknown; readonly keepdim?: boolean } | undefined,
  max: boolean,
): Tensor<Shape, D> {
  const plan = planCall(op, x.shape, options, reduceOptionNames, true);
  const { base, offsets, outSize, count } = plan;
  const xd = x.data;
  const y = allocate(x.dtype, outSize);
  for (let o = 0; o < outSize; o++) {
    const b = base[o]!;
    let m = xd[b + offsets[0]!]!;
    if (max) {
      for (let r = 1; r < count; r++) {
        const v = xd[b + offsets[r]!]!;
        if (v > m || v !== v) m = v;
      }
    } else {
      for (let r = 1; r < count; r++) {
        const v = xd[b + offsets[r]!]!;
        if (v < m || v !== v) m = v;
      }
    }
    y[o] = m;
  }
  const out = Tensor.wrap(plan.outShape, x.dtype, y);
  return record(op, out, [x], (gy) => {
    const g = gy.data;
    const dx = allocate(x.dtype, xd.length);
    for (let o = 0; o < outSize; o++) {
      const b = base[o]!;
      const yo = y[o]!;
      let ties = 0;
      for (let r = 0; r < count; r++) if (xd[b + offsets[r]!] === yo) ties++;
      const v = g[o]! / ties;
      for (let r = 0; r < count; r++) {
        const i = b + offsets[r]!;
        dx[i] = xd[i] === yo ? v : v * 0;
      }
    }
    return [Tensor.wrap(x.shape, x.dtype, dx)];
  });
}
