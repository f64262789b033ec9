import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  importSpecifiers,
  measureChainCost,
  measureFixtureAlone,
  measureTypeCost,
  sequential12Fixture,
  transformerFixture,
  unet4Fixture,
} from "../../scripts/bench-types.js";
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

// The two fixtures below import src/, so a compiler run on them also checks those source files (about 100-125k
// instantiations that are the library's, not the chain's). `measureChainCost` compiles the fixture and a
// generated file importing exactly the same modules, and bounds the difference: what the chain itself costs in
// a program that holds the library. `measureFixtureAlone` (TS 5.9's compiler API) checks the fixture alone, the
// library's bodies unchecked: what a consumer of the declarations pays, a little more than the difference since
// nothing is pre-instantiated.

/** The budget for a transformer block's shape chain. */
const MAX_TRANSFORMER_CHAIN = 60_000;

/**
 * Measured 2026-12-05 with TS 5.9.3: the 12-layer sequential chain costs 21,101 instantiations beyond its imports
 * (whole program 128,435, imports alone 107,334; 26,762 checked alone through the compiler API); the budget is
 * that x 1.5. (A 12-layer Linear/ReLU MLP costs about 4,200: the conv layers' shape arithmetic is what costs.)
 */
const MAX_SEQUENTIAL12_CHAIN = 31_700;

describe("checker cost of a transformer block's shape chain (typed ops)", () => {
  it("is about 30 typed op calls on Tensor<[8, 128, 256]>, importing only src/ modules", () => {
    const text = readFileSync(transformerFixture, "utf8");
    const code = text
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("//") && !line.startsWith("import"))
      .join("\n");
    const calls = code.match(/\b(?:add|dropout|gelu|layerNorm|linear|matmul|mul|reshape|softmax|transpose)\(/g) ?? [];
    expect(calls.length).toBe(29);
    expect(text).toContain("declare const x: Tensor<[8, 128, 256]>;");
    expect(importSpecifiers(transformerFixture).every((s) => s.startsWith("../../../src/"))).toBe(true);
  });

  it(`costs TS 5.9 fewer than ${MAX_TRANSFORMER_CHAIN} instantiations beyond its imports`, () => {
    const cost = measureChainCost("TS 5.9", transformerFixture);
    expect(cost.version).toMatch(/^Version 5\.9\./);
    expect(cost.chainInstantiations).toBeGreaterThan(0);
    expect(cost.chainInstantiations).toBeLessThan(MAX_TRANSFORMER_CHAIN);
  });

  it(`costs TS 5.9 fewer than ${MAX_TRANSFORMER_CHAIN} instantiations checked alone (compiler API)`, () => {
    const alone = measureFixtureAlone(transformerFixture);
    expect(alone).toBeGreaterThan(0);
    expect(alone).toBeLessThan(MAX_TRANSFORMER_CHAIN);
  });
});

describe("checker cost of a 12-layer sequential(...) chain", () => {
  it("has 12 layers", () => {
    const text = readFileSync(sequential12Fixture, "utf8");
    const body = /sequential\(([\s\S]*?)\n\);/.exec(text)?.[1] ?? "";
    expect(body.match(/\bnew [A-Z]\w*\(/g) ?? []).toHaveLength(12);
  });

  it(`costs TS 5.9 fewer than ${MAX_SEQUENTIAL12_CHAIN} instantiations beyond its imports`, () => {
    const cost = measureChainCost("TS 5.9", sequential12Fixture);
    expect(cost.version).toMatch(/^Version 5\.9\./);
    expect(cost.chainInstantiations).toBeGreaterThan(0);
    expect(cost.chainInstantiations).toBeLessThan(MAX_SEQUENTIAL12_CHAIN);
  });
});
