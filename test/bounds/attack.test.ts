/**
 * An adversarial check of the soundness claim (docs/bounds.md), four families of seeded models (models.ts): random
 * deep models over every supported op with random geometry and values up to 1e6; 3x3 stride-1 convs and transposed
 * convs (Winograd's geometry, F(4x4) sizes included); shallow models where CROWN is exact at the box's vertices; one
 * op straight on the input over point boxes (its rounding term alone covers the forward). Boxes from a point to wide
 * ones with pinned coordinates; IBP and CROWN, kernels "any" and "direct"; corners, uniform samples and 5
 * signed-gradient steps per output, through the float32 forward on JS and on wasm (1 and 2 threads, Winograd "auto",
 * "always", "f2x2", "never"; "direct" checked on the direct-sum backends). Every output inside, CROWN never looser
 * than IBP, CROWN over windows equal to CROWN over whole rows. It caught, as mutations of src/bounds: the Winograd
 * term dropped, the ReLU chord 5% low, maxPool's upper index always taken, the S-shaped lower line 1e-3 high, the
 * leaky lower slope halved, sigmoid's rounding ignored, every affine rounding term quartered.
 * A longer run: `npx tsx scripts/bounds/attack.ts` (its header).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { sharedWasmBackend } from "../wasm/shared-backends.js";
import { attack, type BoxKind, fuzzBox, type NamedBackend, windowsDifference } from "./attack.js";
import { type FuzzCase, fuzzModel, roundingModel, shallowModel, winogradModel } from "./attack-models.js";

const backends: NamedBackend[] = [];
beforeAll(async () => {
  backends.push({ name: "js", backend: jsBackend, direct: true });
  backends.push({ name: "wasm 1 thread", backend: await sharedWasmBackend(1), direct: false });
  backends.push({ name: "wasm 2 threads", backend: await sharedWasmBackend(2), direct: false });
  backends.push({ name: "wasm 2 threads, Winograd always", backend: await sharedWasmBackend(2, "always"), direct: false });
  backends.push({ name: "wasm 2 threads, Winograd F(2x2)", backend: await sharedWasmBackend(2, "f2x2"), direct: false });
  backends.push({ name: "wasm 2 threads, no Winograd", backend: await sharedWasmBackend(2, "never"), direct: true });
});

const kinds: readonly BoxKind[] = ["point", "tiny", "small", "large", "pinned"];
const fuzzSeeds = Array.from({ length: 28 }, (_, i) => i);
const winogradSeeds = Array.from({ length: 10 }, (_, i) => 100 + i);
const shallowSeeds = Array.from({ length: 20 }, (_, i) => 200 + i);
const roundingSeeds = Array.from({ length: 24 }, (_, i) => 300 + i);
const cases: { c: FuzzCase; kind: BoxKind; seed: number }[] = [
  ...fuzzSeeds.map((seed) => ({ c: fuzzModel(seed, "float32", seed % 2 === 0), kind: kinds[seed % kinds.length]!, seed })),
  ...winogradSeeds.map((seed) => ({ c: winogradModel(seed), kind: kinds[seed % kinds.length]!, seed })),
  ...shallowSeeds.map((seed) => ({ c: shallowModel(seed), kind: seed % 3 === 0 ? ("small" as const) : ("large" as const), seed })),
  ...roundingSeeds.map((seed) => ({ c: roundingModel(seed), kind: seed % 3 === 0 ? ("tiny" as const) : ("point" as const), seed })),
];

/** The op names a recipe may mention (models.ts): the seeds must cover every one. */
const opNames = [
  "conv(",
  "convRelu(",
  "conv3x3(",
  "convT(",
  "convT3x3(",
  "maxPool(",
  "avgPool(",
  "interp(nearest",
  "interp(bilinear",
  " ac)",
  "crop(",
  "batchNorm2d",
  "groupNorm(",
  "layerNorm(",
  "add(",
  "sub(",
  "mul(",
  "number",
  "x+relu(conv)",
  "x-relu(conv)",
  "concat(C",
  "concat(W)",
  "flatten-reshape",
  "relu",
  "leakyRelu(",
  "sigmoid",
  "tanh",
  "linear(",
  " ceil",
  " excl",
  " d2 ",
  " alt",
  "scale 1000000",
];

describe("bounds under attack: random models, every op, every backend", () => {
  it("the seeds cover every op and option the attack draws", () => {
    const all = cases.map(({ c }) => c.recipe).join(" | ");
    expect(opNames.filter((name) => !all.includes(name))).toEqual([]);
  });

  for (const { c, kind, seed } of cases) {
    it(`${c.name}, ${kind} box: ${c.recipe}`, () => {
      const report = attack(c, fuzzBox(c, kind, seed), backends, 150, seed);
      expect(report.violations.map((v) => `${v.backend} ${v.config} output ${v.output}: ${v.value} not in [${v.lower}, ${v.upper}]`)).toEqual([]);
      expect(report.crownLooser).toBe(0);
      expect(report.evaluations).toBeGreaterThan(0);
    });
  }

  for (const seed of [1, 4, 9, 14, 101]) {
    const c = seed >= 100 ? winogradModel(seed) : fuzzModel(seed, "float32", false);
    it(`${c.name}: CROWN over windows of rows equals CROWN over whole rows (${c.recipe})`, () => {
      expect(windowsDifference(c, fuzzBox(c, "small", seed))).toBeLessThan(1e-9);
    });
  }
});
