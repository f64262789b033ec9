// Generic functions side by side: an array literal of two generic functions makes the checker compare their
// signatures (the literal's best common type), instantiating one with the other's parameters. The optimizers'
// `P extends Params<P>` met centerCropBackward's guarded dy there, and TS 7 (not TS 5.9) gave up with
// "Excessive stack depth" on `[sgd, centerCropBackward]` until CenterCropShape took the split image as a type
// argument. Here every optimizer factory sits beside every exported function, that pair first (the first
// comparison in a module is the one made from scratch), and both compilers must accept the module.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lib from "../../src/index.js";
import { repositoryRoot, writeCheckedModule } from "./checked-module.js";

const compilers = {
  "TS 5.9": join(repositoryRoot, "node_modules/typescript/bin/tsc"),
  "TS 7": join(repositoryRoot, "node_modules/typescript7/bin/tsc"),
} as const;

const optimizers = ["sgd", "adam", "adamw"] as const;
// Object.keys, not Object.entries: the latter would make the checker build the union of every export's type.
const functions = Object.keys(lib).filter((name) => {
  const value: unknown = Reflect.get(lib, name);
  return typeof value === "function" && /^[a-z]/.test(name);
});

let tmp = "";

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "shapeproof-generic-together-"));
  const lines = [`import * as lib from "${join(repositoryRoot, "src/index.js")}";`, "export const first = [lib.sgd, lib.centerCropBackward];"];
  for (const o of optimizers) for (const f of functions) lines.push(`export const ${o}_${f} = [lib.${o}, lib.${f}];`);
  writeCheckedModule(tmp, "together.ts", `${lines.join("\n")}\n`);
});

afterAll(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

describe.each(Object.entries(compilers))("every optimizer factory beside every exported function, compiled with %s", (_name, tsc) => {
  it("lists the optimizers and many functions", () => {
    for (const o of optimizers) expect(functions).toContain(o);
    expect(functions).toContain("centerCropBackward");
    expect(functions.length).toBeGreaterThan(50);
  });

  it("accepts the module with no error", () => {
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], { cwd: tmp, encoding: "utf8", timeout: 300_000 });
    if (r.error) throw r.error;
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });
});
