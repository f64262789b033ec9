/**
 * The certification examples in short runs: the numbers they print are fractions of held-out inputs certified by
 * `bounds`, so they must be fractions, CROWN must certify at least what IBP does on the same inputs, and a larger ε
 * can certify no more than a smaller one.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run as certify } from "../../examples/certify.js";
import { run as certifySegmentation } from "../../examples/certify-segmentation.js";

const outDir = mkdtempSync(join(tmpdir(), "shapeproof-certify-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("examples/certify.ts (short run)", () => {
  it("reports certified fractions that are fractions, monotone in ε, bounded by clean accuracy", async () => {
    const lines: string[] = [];
    const r = await certify({ steps: 200, trainImages: 640, testImages: 24, crownImages: 6, epsilons: [0.01, 0.05], log: (l) => lines.push(l) });
    expect(r.cleanAccuracy).toBeGreaterThan(0.2);
    expect(r.certified.map((c) => c.epsilon)).toEqual([0.01, 0.05]);
    for (const c of r.certified) {
      expect(c.ibp).toBeGreaterThanOrEqual(0);
      expect(c.ibp).toBeLessThanOrEqual(r.cleanAccuracy);
      expect(c.crownImages).toBe(6);
    }
    expect(r.certified[1]!.ibp).toBeLessThanOrEqual(r.certified[0]!.ibp);
    expect(r.certified[1]!.crown).toBeLessThanOrEqual(r.certified[0]!.crown);
    expect(lines.some((l) => l.startsWith("ε = 0.05: certified"))).toBe(true);
  });
});

describe("examples/certify-segmentation.ts (short run)", () => {
  it("writes the PNG of certified pixels, CROWN certifying at least as many as IBP", async () => {
    const r = await certifySegmentation({ size: 16, baseC: 2, steps: 30, epsilon: 0.01, outDir, log: () => {} });
    expect(r.ibp).toBeGreaterThanOrEqual(0);
    expect(r.crown).toBeLessThanOrEqual(1);
    expect(r.crown).toBeGreaterThanOrEqual(r.ibp);
    expect(existsSync(r.png)).toBe(true);
  });
});
