/**
 * Bad input to the shape ops at run time: a ShapeError with the same sentence the compiler shows for the same call
 * with literal types (mistakes.ts holds both sides).
 */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { reshapeShape } from "../../../src/ops/shape/index.js";
import { reshapeOverflow, shapeMistakes } from "./mistakes.js";

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

describe("every shape-op mistake throws the compile-time sentence at run time (number sizes)", () => {
  for (const [name, mistake] of Object.entries(shapeMistakes)) {
    it(name, () => expectShapeError(mistake.run, mistake.message));
  }
});

describe("run-time-only checks", () => {
  it("reshape: a target whose product passes 2^53 - 1 throws Mul's overflow sentence (no such tensor can be allocated)", () => {
    expectShapeError(() => reshapeShape("reshape", [2], reshapeOverflow.target), reshapeOverflow.message);
  });
});
