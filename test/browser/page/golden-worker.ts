/** A dedicated Worker running the golden suite (test/browser/page/golden-suite.ts) for golden-page.ts. */
import { type SuiteBackend, runGoldenSuite } from "./golden-suite.js";
import { browser } from "./worker-globals.js";

const scope = browser.self;
scope.onmessage = (event) => {
  const { base, backend } = event.data as { base: string; backend: SuiteBackend };
  runGoldenSuite(base, backend).then(
    (result) => scope.postMessage({ result }),
    (error: unknown) => scope.postMessage({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
  );
};
