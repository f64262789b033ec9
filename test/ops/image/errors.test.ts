/**
 * Bad input to avgPool2d and interpolate at run time: a ShapeError with the sentence the compiler shows for the
 * same call with literal types (mistakes.ts holds both sides), thrown before any output is computed.
 */
import { describe, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { avgPool2d } from "../../../src/ops/image/avg-pool2d.js";
import { interpolate, type InterpolateOptions } from "../../../src/ops/image/interpolate.js";
import { describeMistakes, dyn, expectThrows } from "../../helpers/mistakes.js";
import { mistakes } from "./mistakes.js";

describeMistakes("every image-op mistake throws the compile-time sentence at run time (number dims)", mistakes);

describe("image ops: run-time-only checks", () => {
  it("avgPool2d: zero channels; a pair of three values", () => {
    expectThrows(() => avgPool2d(dyn([0, 8, 8]), { kernel: 2 }), ShapeError, "avgPool2d: x must not be empty, got shape [0, 8, 8]");
    const three = [2, 2, 2] as readonly number[] as readonly [number, number];
    expectThrows(() => avgPool2d(dyn([3, 8, 8]), { kernel: three }), ShapeError, "avgPool2d: kernel must be a number or [h, w], got 3 values");
  });

  it("interpolate: a size of 0 or a fraction, an output that rounds to 0, an empty input", () => {
    const size = (h: number, w: number): InterpolateOptions => ({ size: [h, w], mode: "nearest" });
    expectThrows(
      () => interpolate(dyn([1, 2, 3, 4]), size(0, 4)),
      ShapeError,
      "interpolate: axis H: output size should be greater than zero, but got 0",
    );
    expectThrows(
      () => interpolate(dyn([1, 2, 3, 4]), size(3, 2.5)),
      ShapeError,
      "interpolate: axis W: output size must be a natural number, got 2.5",
    );
    expectThrows(
      () => interpolate(dyn([1, 2, 1, 4]), { scaleFactor: 0.5, mode: "bilinear" }),
      ShapeError,
      "interpolate: axis H: output size should be greater than zero, but got 0",
    );
    expectThrows(
      () => interpolate(dyn([1, 2, 3, 0]), size(3, 3)),
      ShapeError,
      "interpolate: axis W: input size should be greater than zero, but got 0",
    );
  });

  it("interpolate: an unknown mode (untyped callers)", () => {
    const options = { scaleFactor: 2, mode: "bicubic" } as object as InterpolateOptions;
    expectThrows(() => interpolate(dyn([1, 2, 3, 4]), options), ShapeError, "interpolate: unknown mode bicubic; the modes are nearest, bilinear");
  });
});
