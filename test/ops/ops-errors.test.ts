/**
 * Bad input to the typed ops at run time: a ShapeError with the same sentence the compiler shows for the same
 * call with literal shapes (mistakes.ts holds both sides), checked before any kernel runs.
 */
import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError } from "../../src/errors.js";
import { type BatchNorm2dStateOptions, createBatchNorm2d } from "../../src/ops/batch-norm2d.js";
import { concat, concatShape } from "../../src/ops/concat.js";
import { convTranspose2d } from "../../src/ops/conv-transpose2d.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { maxPool2d } from "../../src/ops/max-pool2d.js";
import { concatOverflow, dyn, mistakes } from "./mistakes.js";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

function expectShapeError(run: () => unknown, message: string): void {
  const e = thrown(run);
  expect(e, "throws").toBeInstanceOf(ShapeError);
  expect((e as ShapeError).message).toBe(message);
}

describe("every mistake throws the compile-time sentence at run time (number dims)", () => {
  for (const [name, mistake] of Object.entries(mistakes)) {
    it(name, () => expectShapeError(mistake.run, mistake.message));
  }
});

describe("a dtype mismatch is a DTypeError, still a ShapeError; no other mistake is", () => {
  for (const [name, mistake] of Object.entries(mistakes)) {
    const isDType = / must be (float32|float64) like /.test(mistake.message);
    it(name, () => {
      const e = thrown(mistake.run);
      expect(e).toBeInstanceOf(ShapeError);
      expect(e instanceof DTypeError, mistake.message).toBe(isDType);
      expect((e as Error).name).toBe(isDType ? "DTypeError" : "ShapeError");
    });
  }
  it("the mistakes above include dtype mismatches", () => {
    expect(Object.values(mistakes).filter((m) => / like /.test(m.message)).length).toBeGreaterThan(5);
  });
});

it("concat: a joined axis past 2^53 - 1 throws the compile-time sentence", () => {
  expectShapeError(() => concatShape("concat", concatOverflow.shapes, concatOverflow.axis), concatOverflow.message);
});

describe("run-time-only checks", () => {
  it("zero channels are rejected before any kernel runs (a zero H, W or kernel size: see mistakes.ts)", () => {
    expectShapeError(() => conv2d(dyn([0, 8, 8]), dyn([4, 0, 3, 3])), "conv2d: x must not be empty, got shape [0, 8, 8]");
    expectShapeError(() => conv2d(dyn([3, 8, 8]), dyn([0, 3, 3, 3])), "conv2d: weight must not be empty, got shape [0, 3, 3, 3]");
    expectShapeError(() => convTranspose2d(dyn([2, 0, 4, 4]), dyn([0, 3, 2, 2])), "convTranspose2d: x must not be empty, got shape [2, 0, 4, 4]");
    expectShapeError(() => convTranspose2d(dyn([2, 4, 4]), dyn([2, 0, 2, 2])), "convTranspose2d: weight must not be empty, got shape [2, 0, 2, 2]");
    expectShapeError(() => maxPool2d(dyn([0, 8, 8]), { kernel: 1 }), "maxPool2d: x must not be empty, got shape [0, 8, 8]");
  });

  it("under same padding a zero input size is rejected too (the compiler keeps H there: docs/ops.md)", () => {
    expectShapeError(
      () => conv2d(dyn([3, 0, 8]), dyn([4, 3, 3, 3]), null, { padding: 1 }),
      "conv2d: axis H: input size should be greater than zero, but got 0",
    );
  });

  it("createBatchNorm2d: an unknown option (a compile error too, tsc's excess-property check) is rejected", () => {
    const options = { dtype: "float64", affine: false } as BatchNorm2dStateOptions<"float64">;
    expectShapeError(() => createBatchNorm2d(3, options), "batchNorm2d: unknown option affine; the options are dtype, eps, momentum");
  });

  it("a hyperparameter pair must have two values", () => {
    const three = [1, 1, 1] as unknown as [number, number];
    expectShapeError(
      () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, { stride: three }),
      "conv2d: stride must be a number or [h, w], got 3 values",
    );
    expectShapeError(() => maxPool2d(dyn([3, 8, 8]), { kernel: three }), "maxPool2d: kernel must be a number or [h, w], got 3 values");
  });

  it("fractional and non-finite hyperparameters are not natural numbers", () => {
    // (conv2d's stride 1.5 is a compile error too: mistakes.ts.)
    expectShapeError(
      () => maxPool2d(dyn([3, 8, 8]), { kernel: 2, padding: [0, Infinity] }),
      "maxPool2d: axis W: padding must be a natural number, got Infinity",
    );
  });

  it("concat: a fractional axis is out of range; parts must be tensors", () => {
    expectShapeError(() => concat([dyn([2, 3]), dyn([2, 3])], 0.5), "concat: axis 0.5 is out of range for rank 2");
    const notTensors = [{ shape: [2, 3] }] as const;
    expectShapeError(() => concat(notTensors, 0), "concat: every part must be a Tensor");
  });
});
