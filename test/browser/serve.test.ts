/** scripts/serve.ts: the isolation headers, in-memory files before the folder, and nothing outside the folder. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, isolationHeaders, serveStatic } from "../../scripts/serve.js";
import { repoRoot } from "./harness.js";

let isolated: StaticServer;
let plain: StaticServer;
beforeAll(async () => {
  isolated = await serveStatic({ root: `${repoRoot}test/golden`, files: new Map([["/", "<p>hi</p>"]]) });
  plain = await serveStatic({ root: `${repoRoot}test/golden`, isolated: false });
});
afterAll(async () => {
  await isolated.close();
  await plain.close();
});

describe("serveStatic", () => {
  it("sends COOP/COEP when isolated, and not otherwise", async () => {
    const r = await fetch(`${isolated.origin}/`);
    expect(await r.text()).toBe("<p>hi</p>");
    expect(r.headers.get("content-type")).toContain("text/html");
    for (const [name, value] of Object.entries(isolationHeaders)) expect(r.headers.get(name)).toBe(value);
    const p = await fetch(`${plain.origin}/README.md`);
    expect(p.status).toBe(200);
    expect(p.headers.get("cross-origin-opener-policy")).toBeNull();
  });

  it("serves files under the root with their type, and refuses paths that leave it or are malformed", async () => {
    const json = await fetch(`${isolated.origin}/elementwise.json`);
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(((await json.json()) as { cases: unknown[] }).cases.length).toBeGreaterThan(0);
    for (const path of ["/%2e%2e/%2e%2e/package.json", "/..%2f..%2fpackage.json", "/%E0%A4%A", "/missing.json"]) {
      expect((await fetch(`${isolated.origin}${path}`)).status, path).toBe(404);
    }
  });
});
