import { describe, it } from "vitest";
import { avgPool2d, type AvgPool2dOptions } from "../../../src/ops/image/avg-pool2d.js";
import { interpolate, type InterpolateOptions } from "../../../src/ops/image/interpolate.js";
import { maxPool2d, type MaxPool2dOptions } from "../../../src/ops/max-pool2d.js";
import { checkGradients, leaf } from "./finite-diff.js";

describe("maxPool2d backward: finite differences in float64", () => {
  const cases: [number[], MaxPool2dOptions][] = [
    [[2, 3, 7, 9], { kernel: 3, stride: 2, padding: 1, ceilMode: true }],
    [[3, 8, 7], { kernel: [2, 3], stride: [1, 2] }],
    [[1, 2, 9, 9], { kernel: 2, stride: 2, dilation: 2, ceilMode: true }],
    [[2, 6, 6], { kernel: 3, stride: 1, padding: 1 }],
  ];
  cases.forEach(([shape, options], k) => {
    it(`x [${shape.join(", ")}] ${JSON.stringify(options)}`, () => {
      const x = leaf(shape, 100 + k);
      checkGradients("maxPool2d", () => maxPool2d(x, options), [x], 200 + k);
    });
  });
});

describe("avgPool2d backward: finite differences in float64", () => {
  const cases: [number[], AvgPool2dOptions][] = [
    [[2, 8, 7], { kernel: 3, stride: 2, padding: 1, ceilMode: true }],
    [[2, 8, 7], { kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }],
    [[2, 2, 5, 7], { kernel: 2, stride: 2, padding: 1, ceilMode: true }],
    [[1, 7, 6], { kernel: [2, 3], stride: [2, 1], padding: [1, 1], countIncludePad: false }],
    [[3, 5, 6], { kernel: 3, stride: 1, padding: 1 }],
  ];
  cases.forEach(([shape, options], k) => {
    it(`x [${shape.join(", ")}] ${JSON.stringify(options)}`, () => {
      const x = leaf(shape, 300 + k);
      checkGradients("avgPool2d", () => avgPool2d(x, options), [x], 400 + k);
    });
  });
});

describe("interpolate backward: finite differences in float64", () => {
  const cases: [number[], InterpolateOptions][] = [
    [[1, 2, 3, 4], { mode: "nearest", scaleFactor: 2 }],
    [[2, 2, 5, 4], { mode: "nearest", size: [7, 3] }],
    [[1, 1, 4, 5], { mode: "nearest", scaleFactor: [1.5, 0.75] }],
    [[1, 2, 3, 4], { mode: "bilinear", scaleFactor: 2 }],
    [[2, 1, 3, 4], { mode: "bilinear", size: [7, 5], alignCorners: true }],
    [[1, 2, 5, 6], { mode: "bilinear", size: [3, 4], alignCorners: false }],
    [[1, 1, 4, 4], { mode: "bilinear", scaleFactor: 1.5, alignCorners: true }],
  ];
  cases.forEach(([shape, options], k) => {
    it(`x [${shape.join(", ")}] ${JSON.stringify(options)}`, () => {
      const x = leaf(shape, 500 + k);
      checkGradients("interpolate", () => interpolate(x, options), [x], 600 + k);
    });
  });
});
