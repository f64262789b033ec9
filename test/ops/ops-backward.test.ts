/**
 * The backward API at the typed layer: what each forward keeps for its backward (max-pool indices, relu's
 * output) is all the backward uses, and PyTorch's conventions hold through the ops: relu'(0) = 0, the max-pool
 * gradient goes to the first maximum in row-major window order and accumulates over overlapping windows,
 * padding acts as -Infinity, NaN propagates.
 */
import { afterEach, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { concatBackward } from "../../src/ops/concat.js";
import { conv2d, conv2dBackward, conv2dReluBackward } from "../../src/ops/conv2d.js";
import { maxPool2d, maxPool2dBackward, maxPool2dWithIndices } from "../../src/ops/max-pool2d.js";
import { relu, reluBackward } from "../../src/ops/relu.js";
import { fromNested, ones, randn, tensor } from "../../src/tensor/tensor.js";

const initial = currentBackend();
afterEach(() => {
  useBackend(initial);
});

/** The JS backend with a call counter per kernel. */
function counting(): { backend: KernelBackend; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const count = (name: string): void => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
  };
  const backend: KernelBackend = {
    name: "counting js",
    conv2dForward: (...a) => {
      count("conv2dForward");
      jsBackend.conv2dForward(...a);
    },
    conv2dBackwardData: (...a) => {
      count("conv2dBackwardData");
      jsBackend.conv2dBackwardData(...a);
    },
    conv2dBackwardWeight: (...a) => {
      count("conv2dBackwardWeight");
      jsBackend.conv2dBackwardWeight(...a);
    },
    convTranspose2dForward: (...a) => {
      count("convTranspose2dForward");
      jsBackend.convTranspose2dForward(...a);
    },
    convTranspose2dBackwardData: (...a) => {
      count("convTranspose2dBackwardData");
      jsBackend.convTranspose2dBackwardData(...a);
    },
    convTranspose2dBackwardWeight: (...a) => {
      count("convTranspose2dBackwardWeight");
      jsBackend.convTranspose2dBackwardWeight(...a);
    },
    maxPool2dForward: (...a) => {
      count("maxPool2dForward");
      jsBackend.maxPool2dForward(...a);
    },
    maxPool2dBackward: (...a) => {
      count("maxPool2dBackward");
      jsBackend.maxPool2dBackward(...a);
    },
    reluForward: (...a) => {
      count("reluForward");
      jsBackend.reluForward(...a);
    },
    reluBackward: (...a) => {
      count("reluBackward");
      jsBackend.reluBackward(...a);
    },
  };
  return { backend, calls };
}

describe("backward reuses what the forward kept", () => {
  it("maxPool2dBackward runs only the scatter kernel, from the saved indices", () => {
    const { backend, calls } = counting();
    useBackend(backend);
    const x = randn([2, 3, 6, 6], { seed: 5 });
    const pooled = maxPool2dWithIndices(x, { kernel: 2 });
    const dx = maxPool2dBackward(ones([2, 3, 3, 3]), pooled.saved);
    expect(Object.fromEntries(calls)).toEqual({ maxPool2dForward: 1, maxPool2dBackward: 1 });
    expect(dx.shape).toEqual([2, 3, 6, 6]);
    expect(pooled.saved.outputShape).toEqual([2, 3, 3, 3]);
    // maxPool2d (no indices) and maxPool2dWithIndices give the same output
    expect(Array.from(maxPool2d(x, { kernel: 2 }).data)).toEqual(Array.from(pooled.output.data));
  });

  it("reluBackward needs only the forward output; conv2dBackward runs one data and one weight kernel", () => {
    const { backend, calls } = counting();
    useBackend(backend);
    const x = randn([3, 5, 5], { seed: 6 });
    const w = randn([2, 3, 3, 3], { seed: 7 });
    const y = relu(conv2d(x, w, null, { padding: 1 }));
    const g = conv2dBackward(x, w, reluBackward(ones([2, 5, 5]), y), { padding: 1 }, { bias: false });
    expect(Object.fromEntries(calls)).toEqual({ conv2dForward: 1, reluForward: 1, reluBackward: 1, conv2dBackwardData: 1, conv2dBackwardWeight: 1 });
    expect(g.dBias).toBeNull();
  });
});

describe("PyTorch's conventions through the ops", () => {
  it("relu: 0 and -0 give 0 with derivative 0; NaN stays NaN and passes its gradient (threshold_backward)", () => {
    const x = tensor([6], [-2, -0, 0, 1e-30, 3, NaN], { dtype: "float64" });
    const y = relu(x);
    expect(Array.from(y.data)).toEqual([0, 0, 0, 1e-30, 3, NaN]);
    expect(Array.from(reluBackward(tensor([6], [10, 20, 30, 40, 50, 60], { dtype: "float64" }), y).data)).toEqual([0, 0, 0, 40, 50, 60]);
  });

  it("maxPool2d ties: output index and gradient go to the first maximum in row-major window order", () => {
    const x = fromNested([
      [
        [1, 5, 5],
        [5, 2, 5],
        [5, 5, 0],
      ],
    ]);
    const pooled = maxPool2dWithIndices(x, { kernel: 2, stride: 1 });
    expect(Array.from(pooled.output.data)).toEqual([5, 5, 5, 5]);
    expect(Array.from(pooled.saved.indices)).toEqual([1, 1, 3, 5]);
    // overlapping windows accumulate: position 1 is the first maximum of two windows
    const dx = maxPool2dBackward(
      fromNested([
        [
          [1, 10],
          [100, 1000],
        ],
      ]),
      pooled.saved,
    );
    expect(dx.toNested()).toEqual([
      [
        [0, 11, 0],
        [100, 0, 1000],
        [0, 0, 0],
      ],
    ]);
  });

  it("maxPool2d: padding acts as -Infinity, a NaN in a window wins and receives the gradient", () => {
    const neg = fromNested(
      [
        [
          [-3, -1],
          [-2, -4],
        ],
      ],
      { dtype: "float64" },
    );
    const padded = maxPool2dWithIndices(neg, { kernel: 3, stride: 1, padding: 1 });
    expect(padded.output.toNested()).toEqual([
      [
        [-1, -1],
        [-1, -1],
      ],
    ]);
    const withNaN = fromNested(
      [
        [
          [1, NaN, 7, 2],
          [3, 4, 5, 6],
        ],
      ],
      { dtype: "float64" },
    );
    const pooled = maxPool2dWithIndices(withNaN, { kernel: 2 });
    expect(pooled.output.toNested()).toEqual([[[NaN, 7]]]);
    expect(maxPool2dBackward(fromNested([[[2, 3]]], { dtype: "float64" }), pooled.saved).toNested()).toEqual([
      [
        [0, 2, 3, 0],
        [0, 0, 0, 0],
      ],
    ]);
  });
});

describe("concatBackward splits dy as torch.split does", () => {
  it("parts that are contiguous runs of dy (a batch of one along the channels) come back as views of dy", () => {
    const a = randn([1, 2, 3, 4], { seed: 1 });
    const b = randn([1, 3, 3, 4], { seed: 2 });
    const dy = randn([1, 5, 3, 4], { seed: 3 });
    const [da, db] = concatBackward(dy, [a, b] as const, 1);
    expect(da.shape).toEqual([1, 2, 3, 4]);
    expect(db.shape).toEqual([1, 3, 3, 4]);
    expect(Array.from(da.data)).toEqual(Array.from(dy.data.subarray(0, 24)));
    expect(Array.from(db.data)).toEqual(Array.from(dy.data.subarray(24)));
    expect(da.data.buffer).toBe(dy.data.buffer);
    expect(db.data.byteOffset).toBe(24 * 4);
  });

  it("parts interleaved in dy (a batch of two) come back as fresh arrays holding each part's slices", () => {
    const a = randn([2, 1, 2, 2], { seed: 4 });
    const b = randn([2, 2, 2, 2], { seed: 5 });
    const dy = randn([2, 3, 2, 2], { seed: 6 });
    const [da, db] = concatBackward(dy, [a, b] as const, 1);
    expect(da.data.buffer).not.toBe(dy.data.buffer);
    const d = Array.from(dy.data);
    expect(Array.from(da.data)).toEqual([...d.slice(0, 4), ...d.slice(12, 16)]);
    expect(Array.from(db.data)).toEqual([...d.slice(4, 12), ...d.slice(16, 24)]);
  });
});

describe("conv2dReluBackward is conv2dBackward of reluBackward (UNet2's backward, one step)", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`the same gradients to the bit on the JS backend, ${dtype}`, () => {
      useBackend(jsBackend);
      const x = randn([2, 3, 7, 6], { seed: 1, dtype });
      const w = randn([4, 3, 3, 3], { seed: 2, dtype });
      const y = relu(conv2d(x, w, null, { padding: 1, stride: 2 }));
      const dy = randn([2, 4, 4, 3], { seed: 3, dtype });
      const fused = conv2dReluBackward(x, w, y, dy, { padding: 1, stride: 2 });
      const written = conv2dBackward(x, w, reluBackward(dy, y), { padding: 1, stride: 2 });
      expect(Array.from(fused.dx.data)).toEqual(Array.from(written.dx.data));
      expect(Array.from(fused.dWeight.data)).toEqual(Array.from(written.dWeight.data));
      expect(Array.from(fused.dBias!.data)).toEqual(Array.from(written.dBias!.data));
      // y's mask was applied: a gradient through a zero output is dropped
      expect(Array.from(fused.dx.data)).not.toEqual(Array.from(conv2dBackward(x, w, dy, { padding: 1, stride: 2 }).dx.data));
    });
  }

  it("names y when y is not the forward output's shape, dy when dy is not", () => {
    const x = randn([1, 2, 5, 5], { seed: 4 });
    const w = randn([3, 2, 3, 3], { seed: 5 });
    const good = randn([1, 3, 3, 3], { seed: 6 });
    const bad = randn([1, 3, 3, 4], { seed: 7 });
    expect(() => conv2dReluBackward(x, w, bad, good)).toThrow(/conv2dBackward: axis 3 of y and of the forward output/);
    expect(() => conv2dReluBackward(x, w, good, bad)).toThrow(/conv2dBackward: axis 3 of dy and of the forward output/);
  });
});
