/**
 * `.grad` takes only a tensor of the tensor's shape and dtype, as PyTorch ("attempting to assign a gradient of size
 * '[2]' to a tensor of size '[3]'"): a bad one must not be accepted and then half-accumulated by the next backward.
 * And requireGrad(true) on a tensor an op made changes nothing, as PyTorch's requires_grad_(True).
 */
import { describe, expect, it } from "vitest";
import { mul } from "../../src/ops/elementwise/mul.js";
import { sum } from "../../src/ops/reduce/sum.js";
import { tensor } from "../../src/tensor/tensor.js";

describe("Tensor.grad setter checks shape and dtype (as PyTorch's)", () => {
  it("rejects a gradient of another size", () => {
    const x = tensor([3] as number[], new Float32Array(3)).requireGrad();
    expect(() => {
      x.grad = tensor([2] as number[], new Float32Array([5, 5]));
    }).toThrow();
  });

  it("rejects a gradient of another dtype", () => {
    const x = tensor([3] as number[], new Float32Array(3)).requireGrad();
    const g64 = tensor([3] as number[], new Float64Array(3), { dtype: "float64" });
    expect(() => {
      (x as unknown as { grad: unknown }).grad = g64;
    }).toThrow();
  });

  it("so backward never leaves a .grad whose shape differs from the tensor's", () => {
    const x = tensor([3] as number[], new Float32Array(3)).requireGrad();
    try {
      x.grad = tensor([2] as number[], new Float32Array([5, 5]));
    } catch {
      // refused, as PyTorch
    }
    sum(x).backward();
    expect(x.grad?.shape).toEqual([3]);
  });
});

describe("requireGrad(true) on a non-leaf (PyTorch: requires_grad_(True) on a non-leaf is a no-op; only False raises)", () => {
  it("does not throw when the tensor already requires grad, and the graph still reaches the leaf", () => {
    const x = tensor([2] as number[], new Float64Array([1, 2]), { dtype: "float64" }).requireGrad();
    const y = mul(x, 2);
    expect(() => y.requireGrad(true)).not.toThrow();
    sum(y).backward();
    expect([...x.grad!.data]).toEqual([2, 2]);
  });
});
