// `npx tsx src/cli.ts …` as a separate process, as a user runs it: exit codes and streams for real.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { goldenDir } from "../helpers/golden.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

function shapeproof(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npx", ["tsx", "src/cli.ts", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("shapeproof as a process (npx tsx src/cli.ts)", () => {
  it("inspect on the golden file checked against its sizes: exit 0, no mismatches", () => {
    const r = shapeproof("inspect", `${goldenDir}unet2_pytorch.safetensors`, "--in-c", "3", "--out-c", "2", "--base-c", "8");
    expect(r.stdout).toContain("matches UNet2 (inC 3, outC 2, baseC 8)");
    expect(r.code).toBe(0);
  });

  it("inspect on a missing file: exit 1 with the reason on stderr", () => {
    const r = shapeproof("inspect", "/nonexistent/dir/weights.safetensors");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('shapeproof inspect: cannot read "/nonexistent/dir/weights.safetensors"');
    expect(r.stdout).toBe("");
  });

  it("summary with an odd height: exit 1 naming the obligation", () => {
    const r = shapeproof("summary", "--in-c", "3", "--out-c", "2", "--height", "127", "--width", "128");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("UNet2 h_upH: maxPool2d(2,2) then convTranspose2d(2,2) maps H 127 → 126; H must be even");
  });

  it("an unknown flag: exit 2", () => {
    const r = shapeproof("summary", "--nope");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("shapeproof summary:");
    expect(r.stderr).toContain("'--nope'");
  });
});
