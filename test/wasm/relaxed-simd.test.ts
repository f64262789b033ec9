/**
 * Which build of the kernels the backend runs: the relaxed-SIMD one (fused multiply-add) wherever the engine can run
 * it ("auto" turns on Node 20's V8 flag for it), only where it validates it unasked ("engine"), or never.
 * The "node" vitest project runs every test with the default ("auto"); the "plain-simd" project runs this file and
 * the kernels' golden tests with SHAPEPROOF_TEST_RELAXED_SIMD=never, which test/wasm/shared-backends.ts passes on,
 * so the golden tests cover both builds.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { kernelsRelaxedWasmBase64, kernelsWasmBase64 } from "../../src/wasm/kernels-binary.js";
import { createWasmBackend, kernelsWasmBytes, relaxedSimdAvailable } from "../../src/wasm/index.js";
import { testRelaxedSimd } from "./shared-backends.js";

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
const root = fileURLToPath(new URL("../../", import.meta.url));
const entry = new URL("../../src/wasm/index.ts", import.meta.url).href;
const nodeMajor = Number(process.versions.node.split(".")[0]);

/**
 * A fresh Node process (V8's flags are per process) that creates a backend with `relaxedSimd` and reports which build
 * it runs and whether the engine validates the relaxed build afterwards, on its own.
 */
function freshProcess(relaxedSimd: string, nodeFlags: readonly string[] = []): { runs: boolean; validatesAfter: boolean; before: boolean } {
  const program = `
import { kernelsRelaxedWasmBase64 } from ${JSON.stringify(new URL("../../src/wasm/kernels-binary.ts", import.meta.url).href)};
import { createWasmBackend } from ${JSON.stringify(entry)};
const bytes = Uint8Array.from(atob(kernelsRelaxedWasmBase64), (c) => c.charCodeAt(0));
const before = WebAssembly.validate(bytes);
const backend = await createWasmBackend({ threads: 2, relaxedSimd: ${JSON.stringify(relaxedSimd)} });
backend.close();
console.log(JSON.stringify({ runs: backend.relaxedSimd, validatesAfter: WebAssembly.validate(bytes), before }));
`;
  const r = spawnSync(process.execPath, [...nodeFlags, "--import", "tsx", "--input-type=module", "-e", program], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { runs: boolean; validatesAfter: boolean; before: boolean };
}

describe("relaxed-SIMD kernels", () => {
  it(`are what this project asks for (${testRelaxedSimd})`, async () => {
    const be = await createWasmBackend({ threads: 1, relaxedSimd: testRelaxedSimd });
    try {
      // Node 20 (with process.getBuiltinModule) and every later Node can run them; "auto" must take them there.
      if (testRelaxedSimd === "never") expect(be.relaxedSimd).toBe(false);
      else expect(be.relaxedSimd).toBe(relaxedSimdAvailable());
      if (testRelaxedSimd === "auto") expect(be.relaxedSimd).toBe(true);
    } finally {
      be.close();
    }
  });

  it("kernelsWasmBytes gives the build each choice takes", () => {
    expect(base64(kernelsWasmBytes("never"))).toBe(kernelsWasmBase64);
    expect(base64(kernelsWasmBytes())).toBe(kernelsWasmBase64);
    expect(base64(kernelsWasmBytes("engine"))).toBe(relaxedSimdAvailable() ? kernelsRelaxedWasmBase64 : kernelsWasmBase64);
    expect(base64(kernelsWasmBytes("auto"))).toBe(kernelsRelaxedWasmBase64);
  });

  it("give a product within float32 rounding of the plain build's", async () => {
    const fused = await createWasmBackend({ threads: 1 });
    const plain = await createWasmBackend({ threads: 1, relaxedSimd: "never" });
    try {
      expect(fused.relaxedSimd).toBe(true);
      expect(plain.relaxedSimd).toBe(false);
      const m = 37,
        k = 129,
        n = 45;
      const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37));
      const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.11));
      const problem = { batch: 1, m, k, n, transA: false, transB: false, aIndex: null, bIndex: null };
      const y1 = new Float32Array(m * n);
      const y2 = new Float32Array(m * n);
      fused.matmul!(problem, a, b, null, y1);
      plain.matmul!(problem, a, b, null, y2);
      let differ = 0;
      for (let i = 0; i < y1.length; i++) {
        expect(Math.abs(y1[i]! - y2[i]!)).toBeLessThanOrEqual(k * 2 ** -23 * 4);
        if (y1[i] !== y2[i]) differ++;
      }
      // one rounding per multiply-add instead of two: some sums must come out otherwise, or both ran one build
      expect(differ).toBeGreaterThan(0);
    } finally {
      fused.close();
      plain.close();
    }
  });

  it("rejects an unknown relaxedSimd option", async () => {
    await expect(createWasmBackend({ threads: 1, relaxedSimd: "sometimes" as "auto" })).rejects.toThrow(
      'relaxedSimd must be one of "auto", "engine", "never", got sometimes',
    );
  });
});

describe("relaxedSimd in a fresh process", () => {
  it('"auto" runs the relaxed build, turning on Node 20\'s flag when the engine lacks it', () => {
    const r = freshProcess("auto");
    expect(r.runs).toBe(true);
    expect(r.validatesAfter).toBe(true);
    expect(r.before).toBe(nodeMajor >= 22);
  });

  it('"engine" touches no flag: Node 20 runs the plain build and still rejects relaxed SIMD afterwards', () => {
    const r = freshProcess("engine");
    expect(r.runs).toBe(nodeMajor >= 22);
    expect(r.validatesAfter).toBe(nodeMajor >= 22);
  });

  it.each(["--no-experimental-wasm-relaxed-simd", "--no_experimental_wasm_relaxed_simd"])(
    '"auto" leaves the proposal off on a Node 20 started with %s',
    (flag) => {
      // Node 22 has no such flag (relaxed SIMD is simply on): there "auto" runs the relaxed build.
      const node20 = nodeMajor === 20;
      const r = freshProcess("auto", node20 ? [flag] : []);
      expect(r).toEqual({ runs: !node20, validatesAfter: !node20, before: !node20 });
    },
  );

  it('"never" runs the plain build and sets no flag', () => {
    const r = freshProcess("never");
    expect(r.runs).toBe(false);
    expect(r.validatesAfter).toBe(nodeMajor >= 22);
  });
});
