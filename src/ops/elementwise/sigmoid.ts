import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { sigmoidBound } from "../../bounds/activations.js";
import { allocate, Tensor } from "../../tensor/tensor.js";

/** 1 / (1 + e⁻ˣ) elementwise (torch.sigmoid). Gradient gy·y·(1 − y), from the saved output. */
export function sigmoid<S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> {
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = xd[i]!;
    yd[i] = 1 / (1 + Math.exp(-v));
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record(
    "sigmoid",
    y,
    [x],
    (gy) => {
      const gd = gy.data;
      const dx = allocate(gy.dtype, n);
      for (let i = 0; i < n; i++) {
        const g = gd[i]!;
        const r = yd[i]!;
        dx[i] = g * (1 - r) * r;
      }
      return [Tensor.wrap(gy.shape, gy.dtype, dx)];
    },
    () => sigmoidBound,
  );
}
