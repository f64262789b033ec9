/**
 * Every op in test/golden/tensor_ops.json is run by some golden test through the tape: a file that calls
 * `describeTensorOps` names the op. A new op case in the file without a test fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadGolden } from "../helpers/golden.js";

const testRoot = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".test.ts") ? [readFileSync(path, "utf8")] : [];
  });
}

describe("tensor_ops.json coverage", () => {
  it("every op has a golden test that runs it through the tape", () => {
    const goldenTests = sources(testRoot).filter((text) => text.includes("describeTensorOps("));
    const ops = [...new Set(loadGolden("tensor_ops.json").map((c) => c.op))];
    expect(ops.length).toBeGreaterThan(0);
    const untested = ops.filter((op) => !goldenTests.some((text) => text.includes(`"${op}"`)));
    expect(untested).toEqual([]);
  });
});
