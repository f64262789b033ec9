/**
 * `npm run demo:web`: bundles the browser page (web/app.ts and its training Worker web/train-worker.ts) with
 * esbuild and serves it on http://127.0.0.1:PORT (default 8080; PORT=0 picks a free one) with the COOP/COEP
 * headers that give the WebAssembly backend its threads. Open the printed address; Ctrl-C stops the server.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleForBrowser } from "./serve-bundle.js";
import { type StaticServer, serveStatic } from "./serve.js";

const web = (file: string): string => fileURLToPath(new URL(`../web/${file}`, import.meta.url));

/** Builds and serves the page; resolves once it is listening. */
export async function startDemoWeb(port: number): Promise<StaticServer> {
  const bundle = await bundleForBrowser({ "/app.js": web("app.ts"), "/train-worker.js": web("train-worker.ts") }, { minify: true });
  for (const w of bundle.warnings) console.warn(`esbuild: ${w.text}`);
  const files = new Map<string, string>([...bundle.files, ["/", readFileSync(web("index.html"), "utf8")]]);
  return serveStatic({ files, port });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env["PORT"] ?? 8080);
  const server = await startDemoWeb(port);
  console.log(`shapeproof demo page: ${server.origin}/  (cross-origin isolated: WebAssembly on all cores; Ctrl-C to stop)`);
}
