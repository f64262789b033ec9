import { expect } from "vitest";
import type { UNet, UNetSignature } from "../../src/nn/unet.js";
import { createRng } from "../../src/random.js";
import { randn, type Tensor } from "../../src/tensor/tensor.js";
import type { Shape } from "../../types/tensor/shape.js";

/** Central differences of loss = <model(x), g> against backward, on a few entries of every tensor, in float64. */
export function gradientCheck<Sig extends UNetSignature>(
  model: UNet<Sig, "float64">,
  x: Tensor<Shape, "float64">,
  entriesPerTensor: number,
  seed: number,
): void {
  const out = model.forward(x as never) as Tensor<Shape, "float64">;
  const g = randn(out.shape as number[], { seed: seed + 1, dtype: "float64" }) as Tensor<Shape, "float64">;
  const loss = (): number => {
    const y = (model.forward(x as never) as Tensor<Shape, "float64">).data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i]! * g.data[i]!;
    return s;
  };
  const { grads, dx } = model.backward(x as never, g as never);
  const table: [string, Float64Array, ArrayLike<number>][] = Object.entries(model.params as Record<string, Tensor<Shape, "float64">>).map(
    ([name, p]) => [name, p.data, (grads as Record<string, Tensor<Shape, "float64">>)[name]!.data],
  );
  expect(Object.keys(grads).sort()).toEqual(Object.keys(model.params).sort());
  table.push(["x", x.data, dx.data]);
  const rng = createRng(seed);
  const h = 1e-6;
  for (const [name, values, analytic] of table) {
    for (let e = 0; e < Math.min(entriesPerTensor, values.length); e++) {
      const i = rng.int(values.length);
      const keep = values[i]!;
      values[i] = keep + h;
      const up = loss();
      values[i] = keep - h;
      const down = loss();
      values[i] = keep;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(numeric - analytic[i]!), `${name}[${i}]: numeric ${numeric}, backward ${analytic[i]}`).toBeLessThan(
        1e-5 + 1e-5 * Math.abs(numeric),
      );
    }
  }
}
