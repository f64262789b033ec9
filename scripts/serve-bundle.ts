/**
 * Bundles TypeScript entry points for a browser with esbuild (in memory, nothing written): the way a user's
 * bundler sees shapeproof, `--bundle --platform=browser`. Used by the browser tests, `npm run demo:web` and
 * `npm run bench:web`; the result is served by scripts/serve.ts.
 */
import { build, type Message } from "esbuild";

export interface Bundle {
  /** Output by URL path ("/app.js"). */
  readonly files: Map<string, string>;
  readonly warnings: readonly Message[];
}

/** `entries`: URL path of the output ("/app.js") → entry file. Throws with esbuild's messages on any error. */
export async function bundleForBrowser(
  entries: Readonly<Record<string, string>>,
  options: { readonly minify?: boolean; readonly external?: readonly string[] } = {},
): Promise<Bundle> {
  const files = new Map<string, string>();
  const warnings: Message[] = [];
  for (const [path, entry] of Object.entries(entries)) {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      minify: options.minify ?? false,
      external: [...(options.external ?? [])],
      logLevel: "silent",
      outfile: `out${path}`,
    });
    warnings.push(...result.warnings);
    const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
    if (js === undefined) throw new Error(`esbuild produced no JavaScript for ${entry}`);
    files.set(path, js.text);
  }
  return { files, warnings };
}
