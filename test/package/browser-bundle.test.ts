/**
 * The root entry point bundles for a browser: `esbuild --bundle --platform=browser` of src/index.ts succeeds with no
 * error (esbuild fails on any import of a Node built-in it cannot shim), and the bundle imports nothing from `node:`.
 * `shapeproof/node` (src/node.ts) is where Node's modules are used; it must not bundle for a browser.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = (file: string): string => fileURLToPath(new URL(`../../src/${file}`, import.meta.url));

async function bundle(file: string) {
  return build({ entryPoints: [entry(file)], bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent" });
}

/** Static and dynamic imports and requires of a Node built-in (`node:fs`, or a bare `fs`, `worker_threads`...). */
const nodeImport =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'](?:node:[\w/]+|fs|path|os|crypto|worker_threads|zlib|stream|util)["']/;

describe("the root entry point in a browser bundle", () => {
  it("bundles with --platform=browser: zero errors, no node: import", async () => {
    const result = await bundle("index.ts");
    expect(result.errors).toEqual([]);
    const js = result.outputFiles[0]!.text;
    expect(js.length).toBeGreaterThan(100_000);
    expect(js).not.toMatch(nodeImport);
    expect(js).not.toContain("Buffer.from");
    // The public functions are in it, the WebAssembly backend included.
    for (const name of ["createWasmBackend", "createUNet2", "parseSafetensors", "imageStripPng"]) expect(js).toContain(name);
  });

  it("shapeproof/node does not bundle for a browser (it is where Node's modules live)", async () => {
    const failure = await bundle("node.ts").then(
      () => null,
      (error: unknown) => error as { errors: { text: string }[] },
    );
    expect(failure).not.toBeNull();
    expect(failure!.errors.map((e) => e.text).join("\n")).toMatch(/node:fs/);
  });
});
