/** The error function behind gelu, against reference values of erf (correctly rounded doubles), both branches. */
import { expect, it } from "vitest";
import { erf } from "../../../src/ops/elementwise/erf.js";

const reference: [number, number][] = [
  [0, 0],
  [1e-10, 1.1283791670955126e-10],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [2.49, 0.9995707121322661],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
  [6, 1],
  [-0.7, -0.6778011938374184],
  [-3.3, -0.9999969422902035],
];

it("erf agrees with reference values to a few ulp, is odd, saturates, and keeps NaN", () => {
  for (const [x, want] of reference) {
    expect(Math.abs(erf(x) - want), `erf(${x})`).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(Math.abs(want), 1e-300) + 1e-300);
    expect(erf(-x)).toBe(-erf(x));
  }
  expect(erf(Infinity)).toBe(1);
  expect(erf(-Infinity)).toBe(-1);
  expect(erf(NaN)).toBeNaN();
});
