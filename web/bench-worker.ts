/** `npm run bench:web`'s dedicated Worker: shapeproof's rows (web/bench-page.ts) measured off the page's main thread. */
import { benchShapeproof } from "./bench-page.js";

const scope = self as unknown as { onmessage: ((e: MessageEvent<{ runs: number; warmup: number }>) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (event) => {
  benchShapeproof(event.data.runs, event.data.warmup, " (Worker)").then(
    (rows) => scope.postMessage({ rows }),
    (error: unknown) => scope.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
};
