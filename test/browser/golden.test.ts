/**
 * PyTorch's golden cases of the ops (conv2d, convTranspose2d, maxPool2d, relu, concat, and every general op of
 * tensor_ops.json: forward and gradients, float32 and float64, the Node tests' tolerance) and of UNet2 (output and
 * all 17 gradients) run inside Chromium (test/browser/page/golden-suite.ts):
 * on the JS backend, on WebAssembly with 1 thread, and with 2 threads (Web Workers sharing one memory) both in a
 * dedicated Worker (the recommended way) and on the page's main thread (which never calls Atomics.wait). A page that
 * is not cross-origin isolated gets 1 thread and a console note saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGolden } from "../helpers/golden.js";
import { hasOpCall } from "../helpers/op-calls/index.js";
import type { SuiteBackend, SuiteResult } from "./page/golden-suite.js";
import { type BrowserSession, type OpenPage, htmlPage, repoRoot, startBrowserSession } from "./harness.js";

const entries = {
  "/golden-page.js": `${repoRoot}test/browser/page/golden-page.ts`,
  "/golden-worker.js": `${repoRoot}test/browser/page/golden-worker.ts`,
};
const pages = { "/": htmlPage("golden", ["/golden-page.js"]) };

/** The cases of tensor_ops.json and attention.json the page must run: all of them (every op and loss has a call). */
const tensorOpCases = [...loadGolden("tensor_ops.json"), ...loadGolden("attention.json")];
const tensorOpCount = tensorOpCases.filter((c) => hasOpCall(c.op)).length;
const withTensorOps = `, all ${tensorOpCount} cases of tensor_ops.json and attention.json`;

type Where = "goldenOnPage" | "goldenInWorker";

describe("tensor_ops.json in the browser", () => {
  it("every case has a call, so the page runs the whole file", () => {
    expect(tensorOpCount).toBe(tensorOpCases.length);
  });
});

async function run(open: OpenPage, where: Where, backend: SuiteBackend): Promise<SuiteResult> {
  await open.page.waitForFunction((name) => name in globalThis, where);
  return open.page.evaluate(([name, b]) => (globalThis as unknown as Record<string, (b: SuiteBackend) => Promise<SuiteResult>>)[name]!(b), [
    where,
    backend,
  ] as const);
}

/** Every golden file's cases ran and every compared tensor matched. */
function expectAllPass(r: SuiteResult): void {
  expect(r.failures).toEqual([]);
  expect(tensorOpCount).toBeGreaterThan(0);
  expect(r.tensorOpCases).toBe(tensorOpCount);
  expect(r.cases).toBeGreaterThanOrEqual(20 + tensorOpCount);
  expect(r.compared).toBeGreaterThan(150);
}

describe("golden tests in Chromium, cross-origin isolated page", () => {
  let session: BrowserSession;
  let open: OpenPage;
  beforeAll(async () => {
    session = await startBrowserSession({ entries, pages });
    open = await session.open("/");
    expect(await open.page.evaluate(() => (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated)).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it(`JS backend${withTensorOps}`, async () => {
    const r = await run(open, "goldenOnPage", { kind: "js" });
    expect(r.backend).toBe("js");
    expectAllPass(r);
  });

  it(`WebAssembly, 1 thread${withTensorOps}`, async () => {
    const r = await run(open, "goldenOnPage", { kind: "wasm", threads: 1 });
    expect([r.backend, r.threads]).toEqual(["wasm-simd-1t", 1]);
    expectAllPass(r);
  });

  it(`WebAssembly, 2 threads, in a dedicated Worker${withTensorOps}`, async () => {
    const r = await run(open, "goldenInWorker", { kind: "wasm", threads: 2 });
    expect([r.backend, r.threads]).toEqual(["wasm-simd-2t", 2]);
    expectAllPass(r);
  });

  it(`WebAssembly, 2 threads, on the page's main thread (no Atomics.wait there)${withTensorOps}`, async () => {
    const r = await run(open, "goldenOnPage", { kind: "wasm", threads: 2 });
    expect([r.backend, r.threads]).toEqual(["wasm-simd-2t", 2]);
    expectAllPass(r);
    expect(open.errors).toEqual([]);
  });
});

describe("golden tests in Chromium, a page that is not cross-origin isolated", () => {
  let session: BrowserSession;
  afterAll(async () => {
    await session?.close();
  });

  it(`WebAssembly asked for 2 threads runs on 1 (no SharedArrayBuffer), says why once, and passes${withTensorOps}`, async () => {
    session = await startBrowserSession({ entries, pages, isolated: false });
    const open = await session.open("/");
    expect(await open.page.evaluate(() => (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated)).toBe(false);
    const r = await run(open, "goldenOnPage", { kind: "wasm", threads: 2 });
    expect([r.backend, r.threads]).toEqual(["wasm-simd-1t", 1]);
    expectAllPass(r);
    const notes = open.console.filter((l) => l.includes("WebAssembly backend runs on 1 thread"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("not cross-origin isolated");
  }, 120_000);
});
