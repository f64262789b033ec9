/**
 * Issue 15 item 7: a program run as an ES module from `node --input-type=module` starts the wasm backend with
 * worker threads (their body is run with `eval`, which that flag makes an ES module: it must need no `require`).
 * Spawns node so the flag applies to the process and its workers, and checks a 2-thread conv against 1 thread.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const entry = new URL("../../src/index.ts", import.meta.url).href;

const program = `
import { conv2d, createWasmBackend, randn, useBackend } from ${JSON.stringify(entry)};
const x = randn([2, 8, 12, 12], { seed: 1, dtype: "float32" });
const w = randn([8, 8, 3, 3], { seed: 2, dtype: "float32" });
const out = [];
for (const threads of [2, 1]) {
  const backend = await createWasmBackend({ threads });
  const previous = useBackend(backend);
  out.push({ name: backend.name, threads: backend.threads, y: Array.from(conv2d(x, w, null, { padding: 1 }).data) });
  useBackend(previous);
  backend.close();
}
console.log(JSON.stringify(out));
`;

describe("createWasmBackend under node --input-type=module", () => {
  it("starts 2 threads and computes what 1 thread computes", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", program], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const [two, one] = JSON.parse(r.stdout) as { name: string; threads: number; y: number[] }[];
    expect(two!.threads).toBe(2);
    expect(one!.threads).toBe(1);
    expect(two!.y.length).toBe(2 * 8 * 12 * 12);
    expect(two!.y).toEqual(one!.y);
  });
});
