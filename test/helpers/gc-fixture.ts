import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** Runs a fixture that ends with `reportCollection` (test/tensor/fixtures/collect.ts) in a Node with --expose-gc. */
export function collectionCounts(fixture: URL): { whileHeld: number; afterCollection: number } {
  const run = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(fixture)], { encoding: "utf8", timeout: 60_000 });
  expect(run.status, run.stderr.slice(-2000)).toBe(0);
  return JSON.parse(run.stdout) as { whileHeld: number; afterCollection: number };
}
