/**
 * A batch of 0 (N = 0) is accepted as PyTorch does: every op returns an empty result of the computed shape, and
 * the backwards return an empty dx and all-zero weight and bias gradients (a sum over no samples), without
 * calling a kernel.
 */
import { describe, expect, it } from "vitest";
import { batchNorm2d, createBatchNorm2d } from "../../src/ops/batch-norm2d.js";
import { concat } from "../../src/ops/concat.js";
import { convTranspose2d, convTranspose2dBackward } from "../../src/ops/conv-transpose2d.js";
import { conv2d, conv2dBackward } from "../../src/ops/conv2d.js";
import { maxPool2dBackward, maxPool2dWithIndices } from "../../src/ops/max-pool2d.js";
import { relu } from "../../src/ops/relu.js";
import { zeros } from "../../src/tensor/tensor.js";

const allZero = (data: ArrayLike<number>): boolean => Array.from(data).every((v) => v === 0);

describe("a batch of 0", () => {
  it("conv2d and its backward", () => {
    const x = zeros([0, 3, 8, 8]);
    const w = zeros([4, 3, 3, 3]);
    w.data.fill(1);
    const y = conv2d(x, w, zeros([4]), { padding: 1 });
    expect(y.shape).toEqual([0, 4, 8, 8]);
    expect(y.size).toBe(0);
    const g = conv2dBackward(x, w, zeros([0, 4, 8, 8]), { padding: 1 });
    expect(g.dx.shape).toEqual([0, 3, 8, 8]);
    expect(g.dWeight.shape).toEqual([4, 3, 3, 3]);
    expect(allZero(g.dWeight.data)).toBe(true);
    expect(g.dBias?.shape).toEqual([4]);
    expect(allZero(g.dBias!.data)).toBe(true);
  });

  it("convTranspose2d and its backward", () => {
    const x = zeros([0, 3, 4, 4]);
    const w = zeros([3, 2, 2, 2]);
    w.data.fill(1);
    const y = convTranspose2d(x, w, null, { stride: 2 });
    expect(y.shape).toEqual([0, 2, 8, 8]);
    const g = convTranspose2dBackward(x, w, zeros([0, 2, 8, 8]), { stride: 2 }, { bias: false });
    expect(g.dx.shape).toEqual([0, 3, 4, 4]);
    expect(allZero(g.dWeight.data)).toBe(true);
    expect(g.dBias).toBeNull();
  });

  it("maxPool2d and its backward", () => {
    const pooled = maxPool2dWithIndices(zeros([0, 3, 8, 8]), { kernel: 2 });
    expect(pooled.output.shape).toEqual([0, 3, 4, 4]);
    const dx = maxPool2dBackward(zeros([0, 3, 4, 4]), pooled.saved);
    expect(dx.shape).toEqual([0, 3, 8, 8]);
  });

  it("relu, concat and batchNorm2d in eval mode", () => {
    const x = zeros([0, 3, 4, 4]);
    expect(relu(x).shape).toEqual([0, 3, 4, 4]);
    expect(concat([x, zeros([0, 2, 4, 4])], 1).shape).toEqual([0, 5, 4, 4]);
    expect(batchNorm2d(x, createBatchNorm2d(3), { training: false }).output.shape).toEqual([0, 3, 4, 4]);
  });

  it("batchNorm2d in training mode needs more than one value per channel, as PyTorch", () => {
    expect(() => batchNorm2d(zeros([0, 3, 4, 4]), createBatchNorm2d(3), { training: true })).toThrow(
      "batchNorm2d: expected more than 1 value per channel when training, got input shape [0, 3, 4, 4]",
    );
  });
});
