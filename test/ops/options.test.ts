/**
 * Options at run time: unknown keys throw (see mistakes.ts for the sentences, proven equal to the compile-time
 * ones); options typed by their interface use their run-time values, which the compiler types as `number` sizes.
 */
import { describe, expect, it } from "vitest";
import { convTranspose2d, type ConvTranspose2dOptions } from "../../src/ops/conv-transpose2d.js";
import { conv2d, type Conv2dOptions } from "../../src/ops/conv2d.js";
import { maxPool2d, type MaxPool2dOptions } from "../../src/ops/max-pool2d.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { zeros } from "../../src/tensor/tensor.js";

describe("options typed by their interface", () => {
  it("conv2d uses the declared stride (typed Tensor<[4, number, number]>)", () => {
    const options: Conv2dOptions = { stride: 2 };
    const y: Tensor<[4, number, number]> = conv2d(zeros([3, 8, 8]), zeros([4, 3, 3, 3]), null, options);
    expect(y.shape).toEqual([4, 3, 3]);
  });

  it("maxPool2d and convTranspose2d too", () => {
    const pool: MaxPool2dOptions = { kernel: 4, ceilMode: true };
    const pooled: Tensor<[3, number, number]> = maxPool2d(zeros([3, 9, 9]), pool);
    expect(pooled.shape).toEqual([3, 3, 3]);
    const up: ConvTranspose2dOptions = { stride: 2 };
    const y: Tensor<[4, number, number]> = convTranspose2d(zeros([3, 8, 8]), zeros([3, 4, 2, 2]), null, up);
    expect(y.shape).toEqual([4, 16, 16]);
  });
});
