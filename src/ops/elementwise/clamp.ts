import type { ClampGuard, ClampOptionNames, ClampOptions } from "../../../types/ops/elementwise/options.js";
import type { OpenOptions } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { ShapeError } from "../../errors.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import { requireKnownOptions } from "../options.js";
import { clampNeedsBound } from "./messages.js";

export type { ClampOptionNames, ClampOptions };
export const clampOptionNames: ClampOptionNames = ["min", "max"];

/**
 * min(max(x, min), max) elementwise (torch.clamp): either bound may be absent, not both; NaN stays NaN, and a NaN
 * bound makes every element NaN; where min > max every element is max, as PyTorch. The bounds are taken in x's
 * dtype, as every number operand is (PyTorch converts them so too). Gradient gy where min ≤ x ≤ max (inclusive, as
 * PyTorch), else 0.
 */
export function clamp<S extends Shape, D extends DType, const O extends OpenOptions<ClampOptions>>(
  x: Tensor<S, D>,
  options: O & ClampGuard<O>,
): Tensor<S, D> {
  requireKnownOptions("clamp", options, clampOptionNames);
  const o = options as ClampOptions;
  if (o.min === undefined && o.max === undefined) throw new ShapeError(clampNeedsBound);
  const inDType = x.dtype === "float32" ? Math.fround : (b: number): number => b;
  const lo = inDType(o.min ?? -Infinity);
  const hi = inDType(o.max ?? Infinity);
  const xd = x.data;
  const n = xd.length;
  const yd = allocate(x.dtype, n);
  if (lo !== lo || hi !== hi) {
    yd.fill(Number.NaN);
  } else {
    for (let i = 0; i < n; i++) {
      let v = xd[i]!;
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      yd[i] = v;
    }
  }
  const y = Tensor.wrap(x.shape, x.dtype, yd);
  return record("clamp", y, [x], (gy) => {
    const gd = gy.data;
    const dx = allocate(gy.dtype, n);
    for (let i = 0; i < n; i++) {
      const v = xd[i]!;
      dx[i] = v >= lo && v <= hi ? gd[i]! : 0;
    }
    return [Tensor.wrap(gy.shape, gy.dtype, dx)];
  });
}
