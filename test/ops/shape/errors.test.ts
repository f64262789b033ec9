/**
 * Bad input to the shape ops at run time: a ShapeError with the same sentence the compiler shows for the same call
 * with literal types (mistakes.ts holds both sides).
 */
import { describe, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { reshapeShape, squeeze, transpose } from "../../../src/ops/shape/index.js";
import { zeros } from "../../../src/tensor/tensor.js";
import { describeMistakes, expectThrows } from "../../helpers/mistakes.js";
import { reshapeOverflow, shapeMistakes } from "./mistakes.js";

describeMistakes("every shape-op mistake throws the compile-time sentence at run time (number sizes)", shapeMistakes);

describe("run-time-only checks", () => {
  it("reshape: a target whose product passes 2^53 - 1 throws Mul's overflow sentence (no such tensor can be allocated)", () => {
    expectThrows(() => reshapeShape("reshape", [2], reshapeOverflow.target), ShapeError, reshapeOverflow.message);
  });

  it("an axis that is not a number (untyped code; PyTorch 2's squeeze takes a tuple) is a TypeError saying so", () => {
    const x = zeros([1, 3, 1, 2]);
    expectThrows(() => squeeze(x, [0, 2] as never), TypeError, "squeeze: the axis must be one integer, got a list [0, 2]");
    expectThrows(() => transpose(x, "1" as never, 0), TypeError, "transpose: the axis must be one integer, got string");
  });
});
