/**
 * The page side of test/browser/golden.test.ts: exposes `goldenOnPage(backend)` (run on the page's main thread)
 * and `goldenInWorker(backend)` (run in a dedicated Worker started from golden-worker.js, the way
 * docs/browser.md recommends running a model with WebAssembly threads).
 */
import { type SuiteBackend, type SuiteResult, runGoldenSuite } from "./golden-suite.js";
import { browser } from "./worker-globals.js";

const base = new URL("/test/golden/", browser.location.href).href;

function goldenInWorker(backend: SuiteBackend): Promise<SuiteResult> {
  const worker = new browser.Worker("/golden-worker.js", { type: "module" });
  return new Promise<SuiteResult>((resolve, reject) => {
    worker.onmessage = (event) => {
      worker.terminate();
      const reply = event.data as { result?: SuiteResult; error?: string };
      if (reply.result !== undefined) resolve(reply.result);
      else reject(new Error(reply.error ?? "golden worker: no result"));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`golden worker: ${event.message}`));
    };
    worker.postMessage({ base, backend });
  });
}

Object.assign(globalThis, {
  goldenOnPage: (backend: SuiteBackend) => runGoldenSuite(base, backend),
  goldenInWorker,
});
