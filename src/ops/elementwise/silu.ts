import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { allocate, Tensor } from "../../tensor/tensor.js";

/** x·σ(x) elementwise (torch.nn.functional.silu). Gradient gy·σ(x)·(1 + x·(1 − σ(x))), as PyTorch. */
export function silu<S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> {
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = xd[i]!;
    yd[i] = v / (1 + Math.exp(-v));
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record("silu", y, [x], (gy) => {
    const gd = gy.data;
    const dx = allocate(gy.dtype, n);
    for (let i = 0; i < n; i++) {
      const g = gd[i]!;
      const v = xd[i]!;
      const s = 1 / (1 + Math.exp(-v));
      dx[i] = g * s * (1 + v * (1 - s));
    }
    return [Tensor.wrap(gy.shape, gy.dtype, dx)];
  });
}
