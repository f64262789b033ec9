import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/tensor.js";
import { binaryIoU, pixelAccuracy } from "../../src/train/index.js";

describe("metrics", () => {
  // image 0: pred {0,1}, truth {1,2} → IoU 1/3; image 1: both empty → 1.
  const logits = tensor([2, 1, 2, 2], [3, 0.5, -1, -2, -1, -1, -1, -1]);
  const truth = tensor([2, 1, 2, 2], [0, 1, 1, 0, 0, 0, 0, 0]);
  it("binary IoU per image and mean (threshold logits at 0)", () => {
    const r = binaryIoU(logits, truth);
    expect(r.perImage).toHaveLength(2);
    expect(r.perImage[0]).toBeCloseTo(1 / 3, 12);
    expect(r.perImage[1]).toBe(1);
    expect(r.mean).toBeCloseTo(2 / 3, 12);
  });
  it("logit exactly 0 counts as background", () => {
    expect(binaryIoU(tensor([1, 1, 1, 2], [0, 1]), tensor([1, 1, 1, 2], [1, 1])).perImage).toEqual([0.5]);
  });
  it("pixel accuracy", () => {
    expect(pixelAccuracy(logits, truth)).toBeCloseTo(6 / 8, 12);
  });
  it("shape mismatch", () => {
    expect(() => binaryIoU(logits, tensor([1, 1, 2, 2], [0, 0, 0, 0]) as never)).toThrow(ShapeError);
    expect(() => pixelAccuracy(logits, tensor([8], [0, 0, 0, 0, 0, 0, 0, 0]) as never)).toThrow(
      /pixelAccuracy: truth shape \[8\] does not match logits shape \[2, 1, 2, 2\]/,
    );
  });
});
