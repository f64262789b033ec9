import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";

/** √x elementwise (torch.sqrt): NaN below 0. Gradient gy / (2√x), from the saved output (∞ at 0, as PyTorch). */
export function sqrt<S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> {
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = xd[i]!;
    yd[i] = Math.sqrt(v);
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record("sqrt", y, [x], (gy) => {
    const gd = gy.data;
    const dx = allocate(gy.dtype, n);
    for (let i = 0; i < n; i++) {
      const g = gd[i]!;
      const r = yd[i]!;
      dx[i] = g / (2 * r);
    }
    return [Tensor.wrap(gy.shape, gy.dtype, dx)];
  });
}
