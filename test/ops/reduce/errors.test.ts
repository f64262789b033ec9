/**
 * Bad input to the reductions at run time: a ShapeError with the same sentence the compiler shows for the same
 * call with literal shapes (mistakes.ts holds both sides), thrown before any output is computed.
 */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { amax, amin, argmax, mean, softmax, sum } from "../../../src/ops/reduce/index.js";
import { describeMistakes, dyn, expectThrows } from "../../helpers/mistakes.js";
import { mistakes } from "./mistakes.js";

describeMistakes("every reduction mistake throws the compile-time sentence at run time (number dims)", mistakes);

describe("run-time-only checks", () => {
  it("amax, amin and argmax over an axis of size 0 throw (a size test would defer on generic dims, so tsc accepts it)", () => {
    expectThrows(() => amax(dyn([0, 3]), { dim: 0 }), ShapeError, "amax: axis 0 to reduce has size 0; amax needs at least one element");
    expectThrows(() => amin(dyn([2, 0, 3]), { dim: [2, 1] }), ShapeError, "amin: axis 1 to reduce has size 0; amin needs at least one element");
    expectThrows(() => argmax(dyn([2, 0])), ShapeError, "argmax: axis 1 to reduce has size 0; argmax needs at least one element");
    // An empty output over non-empty reduced axes is fine, as in PyTorch.
    expect(amax(dyn([0, 3]), { dim: 1 }).shape).toEqual([0]);
  });

  it("a dim that is not a number, or a list given to argmax, is a TypeError", () => {
    const bad = { dim: "1" } as unknown as { dim: number };
    expect(() => sum(dyn([2, 3]), bad)).toThrow(TypeError);
    expect(() => softmax(dyn([2, 3]), undefined as unknown as number)).toThrow(TypeError);
    const list = { dim: [0] } as unknown as { dim: number };
    expect(() => argmax(dyn([2, 3]), list)).toThrow(TypeError);
  });

  it("the options are checked before the dims, as the compiler reports them", () => {
    const both = { dim: 9, keep: true } as unknown as { dim: number };
    expectThrows(() => mean(dyn([2, 3]), both), ShapeError, "mean: unknown option keep; the options are dim, keepdim");
  });
});
