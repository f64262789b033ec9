/**
 * Bad input to matmul and linear at run time: a ShapeError with the same sentence the compiler shows for the
 * same call with literal shapes (mistakes.ts holds both sides), thrown before any kernel runs.
 */
import { describe, expect, it } from "vitest";
import { linear } from "../../../src/ops/linalg/linear.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import { describeMistakes, dyn } from "../../helpers/mistakes.js";
import { mistakes } from "./mistakes.js";

describeMistakes("every linalg mistake throws the compile-time sentence at run time (number dims)", mistakes);

describe("shapes known only at run time", () => {
  it("matmul and linear accept what broadcasts and agrees, with PyTorch's output shapes", () => {
    expect(matmul(dyn([2, 1, 3, 4]), dyn([5, 4, 6])).shape).toEqual([2, 5, 3, 6]);
    expect(matmul(dyn([4]), dyn([4])).shape).toEqual([]);
    expect(matmul(dyn([4]), dyn([2, 4, 3])).shape).toEqual([2, 3]);
    expect(matmul(dyn([2, 3, 4]), dyn([4])).shape).toEqual([2, 3]);
    expect(linear(dyn([2, 3, 6]), dyn([5, 6]), dyn([5])).shape).toEqual([2, 3, 5]);
    expect(linear(dyn([6]), dyn([5, 6])).shape).toEqual([5]);
  });

  it("zero-size axes give empty or zero results, as in PyTorch", () => {
    expect(matmul(dyn([0, 4]), dyn([4, 3])).shape).toEqual([0, 3]);
    const y = matmul(dyn([2, 0]), dyn([0, 3]));
    expect(y.shape).toEqual([2, 3]);
    expect([...y.data]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(linear(dyn([0, 3, 6]), dyn([5, 6])).shape).toEqual([0, 3, 5]);
  });
});
