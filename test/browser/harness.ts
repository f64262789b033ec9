/**
 * One browser session per test file: bundles the page entries with esbuild (scripts/serve-bundle.ts), serves them
 * and the repository (for test/golden/) from scripts/serve.ts on 127.0.0.1, isolated (COOP/COEP) or not, and
 * drives Debian's Chromium through playwright-core (scripts/serve-chromium.ts). Fails with how to install Chromium
 * when it is missing. Console lines and page errors are collected so a test can assert on them.
 */
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { bundleForBrowser } from "../../scripts/serve-bundle.js";
import { launchChromium } from "../../scripts/serve-chromium.js";
import { serveStatic, type StaticServer } from "../../scripts/serve.js";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface BrowserSession {
  readonly browser: Browser;
  readonly server: StaticServer;
  /** Opens `path` in a new page and waits for its load event. */
  open(path: string): Promise<OpenPage>;
  close(): Promise<void>;
}

export interface OpenPage {
  readonly page: Page;
  /** Console lines (`type: text`) and uncaught errors, in order. */
  readonly console: string[];
  readonly errors: string[];
}

/** A page that loads the given scripts (URL paths of bundles) as modules. */
export function htmlPage(title: string, scripts: readonly string[], body = ""): string {
  const tags = scripts.map((s) => `<script type="module" src="${s}"></script>`).join("\n");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title>\n${tags}</head><body>${body}</body></html>\n`;
}

export async function startBrowserSession(options: {
  readonly entries: Readonly<Record<string, string>>;
  readonly pages: Readonly<Record<string, string>>;
  readonly isolated?: boolean;
}): Promise<BrowserSession> {
  const bundle = await bundleForBrowser(options.entries);
  const files = new Map<string, string>([...bundle.files, ...Object.entries(options.pages)]);
  const browser = await launchChromium();
  let server: StaticServer;
  try {
    server = await serveStatic({ root: repoRoot, files, isolated: options.isolated ?? true });
  } catch (error) {
    await browser.close();
    throw error;
  }
  return {
    browser,
    server,
    async open(path) {
      const page = await browser.newPage();
      const consoleLines: string[] = [];
      const errors: string[] = [];
      page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(server.origin + path, { waitUntil: "load" });
      return { page, console: consoleLines, errors };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
