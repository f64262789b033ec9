/**
 * Bad input to layerNorm, groupNorm and embedding at run time: a ShapeError with the sentence the compiler shows
 * for the same call with literal types (mistakes.ts holds both sides); index values are checked at run time only.
 */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { embedding } from "../../../src/ops/norm/embedding.js";
import { tensor } from "../../../src/tensor/tensor.js";
import { dyn } from "../mistakes.js";
import { mistakes } from "./mistakes.js";

function expectShapeError(run: () => unknown, message: string): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught, "throws").toBeInstanceOf(ShapeError);
  expect((caught as ShapeError).message).toBe(message);
}

describe("every norm/embedding mistake throws the compile-time sentence at run time (number dims)", () => {
  for (const [name, mistake] of Object.entries(mistakes)) {
    it(name, () => expectShapeError(mistake.run, mistake.message));
  }
});

describe("embedding: index values (run time only)", () => {
  it("an index out of [0, V) names the index and V", () => {
    expectShapeError(() => embedding(dyn([6, 4]), tensor([3], [1, 6, 2])), "embedding: index 6 is out of range for V = 6");
    expectShapeError(() => embedding(dyn([6, 4]), tensor([2, 2], [0, 1, -1, 2])), "embedding: index -1 is out of range for V = 6");
  });

  it("an index that is not a whole number", () => {
    expectShapeError(() => embedding(dyn([6, 4]), tensor([2], [0.5, 1])), "embedding: index 0.5 must be a whole number");
    expectShapeError(() => embedding(dyn([6, 4]), tensor([1], [Number.NaN])), "embedding: index NaN must be a whole number");
  });
});
