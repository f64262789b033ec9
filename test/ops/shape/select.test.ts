/**
 * select (torch.select, `x[:, index]`): the slice at one index with its axis removed. Checked against narrow then
 * squeeze (the same slice by two other ops) over every axis and index of several shapes, both signs, and on a
 * small case by hand; its gradient is gy at the index and 0 elsewhere.
 */
import { describe, expect, it } from "vitest";
import { narrow, select, squeeze } from "../../../src/ops/shape/index.js";
import { randn, tensor, type Tensor } from "../../../src/tensor/tensor.js";

type AnyTensor = Tensor<number[]>;

describe("select", () => {
  it("is narrow to one entry then squeeze, for every axis and index (negative ones counting from the end)", () => {
    for (const shape of [[5], [2, 3], [3, 1, 4], [2, 3, 2, 2]]) {
      const x = randn(shape, { seed: shape.length }) as AnyTensor;
      for (let d = -shape.length; d < shape.length; d++) {
        const size = shape[d < 0 ? d + shape.length : d]!;
        for (let i = -size; i < size; i++) {
          const got = select(x, d, i) as AnyTensor;
          const want = squeeze(narrow(x, d, i, 1) as AnyTensor, d) as AnyTensor;
          expect(got.shape, `${shape} ${d} ${i}`).toEqual(want.shape);
          expect([...got.data], `${shape} ${d} ${i}`).toEqual([...want.data]);
        }
      }
    }
  });

  it("the last step of each row, by hand", () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect([...select(x, 1, -1).data]).toEqual([3, 6]);
    expect(select(x, 1, -1).shape).toEqual([2]);
    expect([...select(x, 0, 1).data]).toEqual([4, 5, 6]);
  });

  it("its gradient is gy at the index, 0 elsewhere, through the tape", () => {
    const x = randn([2, 3, 2], { seed: 9, requiresGrad: true });
    const y = select(x, 1, 1);
    y.backward(tensor([2, 2], [10, 20, 30, 40]));
    expect([...x.grad!.data]).toEqual([0, 0, 10, 20, 0, 0, 0, 0, 30, 40, 0, 0]);
  });
});
