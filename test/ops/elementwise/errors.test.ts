/**
 * Bad input to the elementwise ops at run time: a ShapeError with the same sentence the compiler shows for the
 * same call with literal types (mistakes.ts holds both sides), thrown before any output is computed.
 */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { add, gelu, type GeluOptions, mul, where } from "../../../src/ops/elementwise/index.js";
import type { Operand } from "../../../src/ops/elementwise/operand.js";
import { describeMistakes, dyn, expectThrows } from "../../helpers/mistakes.js";
import { mistakes } from "./mistakes.js";

describeMistakes("every mistake throws the compile-time sentence at run time (number dims)", mistakes);

describe("run-time-only checks", () => {
  it("gelu: an approximate other than none or tanh (a compile error too, tsc's own)", () => {
    const options = { approximate: "erf" } as unknown as GeluOptions;
    expectThrows(() => gelu(dyn([2]), options), ShapeError, 'gelu: approximate must be "none" or "tanh", got erf');
  });

  it("an operand that is neither a tensor nor a number is a TypeError naming it", () => {
    const text = "2" as unknown as Operand;
    expectThrows(() => add(dyn([2]), text), TypeError, "add: b must be a tensor or a number, got string");
    expectThrows(() => mul(null as unknown as Operand, dyn([2])), TypeError, "mul: a must be a tensor or a number, got null");
    expectThrows(() => where(dyn([2]), text, 0), TypeError, "where: a must be a tensor or a number, got string");
  });

  it("a number dim that is 1 broadcasts; only sizes that differ and are not 1 fail", () => {
    expect(add(dyn([3, 1]), dyn([1, 4])).shape).toEqual([3, 4]);
    expect(add(dyn([]), dyn([2, 5])).shape).toEqual([2, 5]);
  });
});
