import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound } from "../../bounds/rule.js";
import { allocate, Tensor } from "../../tensor/tensor.js";

/** −x elementwise (torch.neg). Gradient −gy. */
export function neg<S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> {
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = xd[i]!;
    yd[i] = -v;
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record(
    "neg",
    y,
    [x],
    (gy) => {
      const gd = gy.data;
      const dx = allocate(gy.dtype, n);
      for (let i = 0; i < n; i++) {
        const g = gd[i]!;
        dx[i] = -g;
      }
      return [Tensor.wrap(gy.shape, gy.dtype, dx)];
    },
    // exact: a sign flip, whose |coefficient| map is the identity
    () => affineBound({ apply: ([v]) => neg(v!), abs: ([v]) => v!, rounding: 0 }),
  );
}
