import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { heapThresholdsPrimed, PRIME_AT_BYTES } from "../../src/tensor/heap-thresholds.js";
import { allocate } from "../../src/tensor/tensor.js";

/** glibc's version when this process runs on it (Node's report says), else null. */
function glibcVersion(): string | null {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ?? null;
}

describe("heap thresholds", () => {
  it("are primed by the first tensor allocation of PRIME_AT_BYTES or more, not by smaller ones", () => {
    // each test file runs in a fresh module graph: nothing has allocated a large tensor here yet
    allocate("float32", PRIME_AT_BYTES / 4 - 1);
    allocate("float64", PRIME_AT_BYTES / 8 - 1);
    expect(heapThresholdsPrimed()).toBe(false);
    allocate("float32", PRIME_AT_BYTES / 4);
    expect(heapThresholdsPrimed()).toBe(true);
  });

  it("keep 24 MiB of freed arrays in the heap under glibc: the next arrays take (almost) no page faults", () => {
    const child = fileURLToPath(new URL("./fixtures/heap-churn.ts", import.meta.url));
    const run = spawnSync(process.execPath, ["--expose-gc", "--single-threaded-gc", "--import", "tsx", child], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const { unprimed, primed, pagesPerRound } = JSON.parse(run.stdout) as { unprimed: number; primed: number; pagesPerRound: number };
    if (glibcVersion() === null) {
      // another allocator: priming is one short-lived allocation and must not add faults
      expect(primed).toBeLessThanOrEqual(unprimed + 16);
      return;
    }
    // glibc trims what a collection freed, so the next round faults a good part of its pages in again ...
    expect(unprimed).toBeGreaterThan(pagesPerRound / 10);
    // ... until the thresholds are raised: then the freed arrays are reused in place
    expect(primed).toBeLessThan(pagesPerRound / 100);
  });
});
