import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { tanhBound } from "../../bounds/activations.js";
import { allocate, Tensor } from "../../tensor/tensor.js";

/** tanh x elementwise (torch.tanh). Gradient gy·(1 − y²), from the saved output. */
export function tanh<S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> {
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = xd[i]!;
    yd[i] = Math.tanh(v);
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record(
    "tanh",
    y,
    [x],
    (gy) => {
      const gd = gy.data;
      const dx = allocate(gy.dtype, n);
      for (let i = 0; i < n; i++) {
        const g = gd[i]!;
        const r = yd[i]!;
        dx[i] = g * (1 - r * r);
      }
      return [Tensor.wrap(gy.shape, gy.dtype, dx)];
    },
    () => tanhBound,
  );
}
