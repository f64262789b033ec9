/**
 * `npm run bench:web`: W1 forward and W3 (scripts/bench/workloads.ts) in headless Chromium (Debian's, driven by
 * playwright-core), on shapeproof's WebAssembly backend with 1 and 2 threads (on the page's main thread and in a
 * dedicated Worker) and on onnxruntime-web with 2 threads, in the same cross-origin isolated page (web/bench-page.ts). onnxruntime-web is a bench peer (the bench/ package,
 * installed with `npm ci --prefix bench` on first use), served to the page next to its .wasm and mapped by an
 * import map. Prints median milliseconds and each system's ratio to shapeproof on 2 threads (> 1: slower than
 * shapeproof), plus the largest difference between the outputs' first values.
 *
 * Environment: RUNS=5 (timed runs per measurement), WARMUP=1.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { WebBenchRow } from "../web/bench-row.js";
import { ensurePeers } from "./bench/peers.js";
import { bundleForBrowser } from "./serve-bundle.js";
import { launchChromium } from "./serve-chromium.js";
import { serveStatic } from "./serve.js";

const RUNS = Math.max(1, Number(process.env["RUNS"] ?? 5));
const WARMUP = Math.max(0, Number(process.env["WARMUP"] ?? 1));
const REFERENCE = "shapeproof wasm 2t";

const ortDist = fileURLToPath(new URL("../bench/node_modules/onnxruntime-web/dist/", import.meta.url));
const ortFiles = ["ort.wasm.min.mjs", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  ensurePeers();
  const web = (file: string): string => fileURLToPath(new URL(`../web/${file}`, import.meta.url));
  const bundle = await bundleForBrowser(
    { "/bench.js": web("bench-page.ts"), "/bench-worker.js": web("bench-worker.ts") },
    { external: ["onnxruntime-web"] },
  );
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>bench:web</title>
<script type="importmap">{"imports": {"onnxruntime-web": "/ort/ort.wasm.min.mjs"}}</script>
<script type="module" src="/bench.js"></script></head><body>bench:web</body></html>`;
  const files = new Map<string, string | Uint8Array>([...bundle.files, ["/", html]]);
  for (const f of ortFiles) files.set(`/ort/${f}`, new Uint8Array(readFileSync(ortDist + f)));
  const server = await serveStatic({ files });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${server.origin}/`);
    const info = (await page.evaluate("({ ua: navigator.userAgent, cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated })")) as {
      ua: string;
      cores: number;
      isolated: boolean;
    };
    await page.waitForFunction(() => "benchWeb" in globalThis);
    const rows = await page.evaluate(
      ([runs, warmup]) => (globalThis as unknown as { benchWeb: (r: number, w: number) => Promise<WebBenchRow[]> }).benchWeb(runs, warmup),
      [RUNS, WARMUP] as const,
    );
    const chrome = /HeadlessChrome\/([\d.]+)/.exec(info.ua)?.[1] ?? info.ua;
    console.log(
      `## bench:web — Chromium ${chrome}, ${info.cores} cores, cross-origin isolated: ${info.isolated}; median of ${RUNS} runs (${WARMUP} warm-up)\n`,
    );
    console.log("| system | workload | median ms | ratio to shapeproof 2t | max diff of first 64 outputs vs shapeproof 2t |");
    console.log("|---|---|---:|---:|---:|");
    for (const r of rows) {
      const ref = rows.find((x) => x.system === REFERENCE && x.workload === r.workload)!;
      const diff = Math.max(...r.head.map((v, i) => Math.abs(v - ref.head[i]!)));
      console.log(
        `| ${r.system} | ${r.workload} | ${median(r.ms).toFixed(1)} | ${(median(r.ms) / median(ref.ms)).toFixed(2)} | ${diff.toExponential(1)} |`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
