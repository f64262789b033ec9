import { expect } from "vitest";
import { ShapeError } from "../../src/errors.js";

/**
 * Asserts that `run` throws a ShapeError whose message is `message`, and, through the explicit
 * type argument, that the type-level formula gives that same sentence: `sameSentence<ConvOut<2, 7>>(
 * "conv2d: ...", () => convOut(2, 7))` does not compile unless ConvOut<2, 7> is that literal.
 */
export function sameSentence<TypeLevel extends string>(message: NoInfer<TypeLevel>, run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ShapeError);
  expect((thrown as ShapeError).message).toBe(message);
}

/** The result of a runtime formula: its number, or the ShapeError's message. */
export function outcome(run: () => number): number | string {
  try {
    return run();
  } catch (e) {
    if (e instanceof ShapeError) return e.message;
    throw e;
  }
}
