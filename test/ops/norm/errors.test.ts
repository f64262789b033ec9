/**
 * Bad input to layerNorm, groupNorm and embedding at run time: a ShapeError with the sentence the compiler shows
 * for the same call with literal types (mistakes.ts holds both sides); index values are checked at run time only.
 */
import { describe, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { embedding } from "../../../src/ops/norm/embedding.js";
import { tensor } from "../../../src/tensor/tensor.js";
import { describeMistakes, dyn, expectThrows } from "../../helpers/mistakes.js";
import { mistakes } from "./mistakes.js";

describeMistakes("every norm/embedding mistake throws the compile-time sentence at run time (number dims)", mistakes);

describe("embedding: index values (run time only)", () => {
  it("an index out of [0, V) names the index and V", () => {
    expectThrows(() => embedding(dyn([6, 4]), tensor([3], [1, 6, 2])), ShapeError, "embedding: index 6 is out of range for V = 6");
    expectThrows(() => embedding(dyn([6, 4]), tensor([2, 2], [0, 1, -1, 2])), ShapeError, "embedding: index -1 is out of range for V = 6");
  });

  it("an index that is not a whole number", () => {
    expectThrows(() => embedding(dyn([6, 4]), tensor([2], [0.5, 1])), ShapeError, "embedding: index 0.5 must be a whole number");
    expectThrows(() => embedding(dyn([6, 4]), tensor([1], [Number.NaN])), ShapeError, "embedding: index NaN must be a whole number");
  });
});
