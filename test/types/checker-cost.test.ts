import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { measureTypeCost, unet4Fixture } from "../../scripts/bench-types.js";
import { convOut, convTransposeOut, poolOut } from "../../src/shape/index.js";

// The fixture asserts each UNet4<H> result inside the type system (tsc fails otherwise); this
// test checks those expected values against the runtime twins and bounds TS 5.9's
// instantiation count, which is deterministic (time is only reported by `npm run bench:types`).

const MAX_INSTANTIATIONS = 150_000;

/** The depth-4 (four-pool) valid-conv U-Net's spatial chain at run time, the twin of the fixture's UNet4<H>. */
function unet4(h: number): number {
  const doubleConv = (x: number): number => convOut(convOut(x, 3), 3);
  const skips: number[] = [];
  let x = h;
  for (let level = 0; level < 4; level++) {
    x = doubleConv(x);
    skips.push(x);
    x = poolOut(x, 2);
  }
  x = doubleConv(x);
  for (const skip of skips.reverse()) {
    const up = convTransposeOut(x, 2, 2);
    if ((skip - up) % 2 !== 0 || skip < up) throw new Error(`crop: skip ${skip} and upsampled ${up} do not centre-crop`);
    x = doubleConv(up); // concat(crop(skip), up) keeps the spatial size `up`
  }
  return x;
}

/** [input, expected output] pairs the fixture asserts: `Assert<Same<UNet4<572>, 388>>`. */
function fixtureCases(): [number, number][] {
  const text = readFileSync(unet4Fixture, "utf8");
  return [...text.matchAll(/Assert<Same<UNet4<(\d+)>, (\d+)>>/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe("checker cost of the depth-4 (four-pool) U-Net shape chain", () => {
  it("asserts ten input sizes, including 572 -> 388, and the runtime twins agree", () => {
    const cases = fixtureCases();
    expect(cases).toHaveLength(10);
    expect(new Set(cases.map(([h]) => h)).size).toBe(10);
    expect(cases).toContainEqual([572, 388]);
    for (const [h, out] of cases) expect([h, unet4(h)]).toEqual([h, out]);
  });

  it(`type-checks under TS 5.9 in fewer than ${MAX_INSTANTIATIONS} instantiations`, () => {
    const cost = measureTypeCost("TS 5.9");
    expect(cost.version).toMatch(/^Version 5\.9\./);
    expect(cost.instantiations).toBeGreaterThan(0);
    expect(cost.instantiations).toBeLessThan(MAX_INSTANTIATIONS);
  });
});
