/**
 * A tiny static file server for the browser page, tests and bench: 127.0.0.1 only, no dependency. With
 * `isolated` (the default) every response carries the headers that make the page cross-origin isolated, which
 * browsers require for SharedArrayBuffer and so for the WebAssembly backend's threads (docs/browser.md):
 *   Cross-Origin-Opener-Policy: same-origin
 *   Cross-Origin-Embedder-Policy: require-corp
 * Files come from in-memory entries (bundles built by esbuild) first, then from `root` (path traversal refused).
 */
import { readFile, stat } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
} as const;

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".safetensors": "application/octet-stream",
  ".map": "application/json",
};

export interface ServeOptions {
  /** Folder served for paths no in-memory entry matches; none when omitted. */
  readonly root?: string;
  /** In-memory files by URL path ("/", "/app.js"). */
  readonly files?: ReadonlyMap<string, string | Uint8Array>;
  /** Send the COOP/COEP headers (default true). */
  readonly isolated?: boolean;
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number;
}

export interface StaticServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  close(): Promise<void>;
}

function typeOf(path: string): string {
  return contentTypes[extname(path === "/" ? "/index.html" : path)] ?? "application/octet-stream";
}

/** The file under `root` for a URL path, or null when the path leaves root or is malformed. */
function underRoot(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = normalize(join(root, decoded));
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

export async function serveStatic(options: ServeOptions): Promise<StaticServer> {
  const isolated = options.isolated ?? true;
  const root = options.root === undefined ? undefined : normalize(options.root);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const headers: Record<string, string> = { "Cache-Control": "no-store", ...(isolated ? isolationHeaders : {}) };
    const send = (status: number, body: string | Uint8Array, type: string): void => {
      res.writeHead(status, { ...headers, "Content-Type": type });
      res.end(body);
    };
    const inMemory = options.files?.get(path === "" ? "/" : path);
    if (inMemory !== undefined) return send(200, inMemory, typeOf(path));
    const file = root === undefined ? null : underRoot(root, path);
    if (file === null) return send(404, `not found: ${path}\n`, "text/plain");
    void stat(file)
      .then((s) => (s.isFile() ? readFile(file) : Promise.reject(new Error("not a file"))))
      .then(
        (bytes) => send(200, bytes, typeOf(file)),
        () => send(404, `not found: ${path}\n`, "text/plain"),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
