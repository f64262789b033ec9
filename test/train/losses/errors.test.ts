/**
 * Bad input to the losses at run time: a ShapeError with the same sentence the compiler shows for the same call
 * with literal shapes (mistakes.ts holds both sides).
 */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { tensor } from "../../../src/tensor/tensor.js";
import { bceWithLogits, crossEntropy, huber, mse, type Reduction, smoothL1 } from "../../../src/train/index.js";
import { describeMistakes, dyn } from "../../helpers/mistakes.js";
import { mistakes } from "./mistakes.js";

describeMistakes("every loss mistake throws the compile-time sentence at run time (number dims)", mistakes);

describe("run-time-only checks", () => {
  it("an unknown option (PyTorch's snake_case name; tsc's excess-property check at compile time) is a ShapeError", () => {
    const options = { ignore_index: 1 } as { reduction?: Reduction };
    expect(() => crossEntropy(dyn([5, 4]), dyn([5]), options)).toThrow(
      new ShapeError("crossEntropy: unknown option ignore_index; the options are weight, ignoreIndex, labelSmoothing, reduction"),
    );
    const pos = { pos_weight: dyn([3]) } as { reduction?: Reduction };
    expect(() => bceWithLogits(dyn([4, 3]), dyn([4, 3]), pos)).toThrow(
      new ShapeError("bceWithLogits: unknown option pos_weight; the options are reduction, posWeight"),
    );
  });
  it("hyperparameters out of range are RangeErrors", () => {
    const x = tensor([2], [1, 2]);
    expect(() => huber(x, x, { delta: 0 })).toThrow(new RangeError("huber: delta must be a number > 0, got 0"));
    expect(() => smoothL1(x, x, { beta: -1 })).toThrow(new RangeError("smoothL1: beta must be a number ≥ 0, got -1"));
    expect(() => mse(x, x, { reduction: "mean " as Reduction })).toThrow(RangeError);
  });
});
