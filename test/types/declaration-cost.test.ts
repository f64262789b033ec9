// What a user pays to compile against shapeproof's declarations with `skipLibCheck: false` (a fresh tsconfig's
// default): build the package into a temp dir, mark it as the build does (scripts/mark-declarations.ts), and
// compile a one-line consumer file with TS 5.9 and TS 7. The cost of shapeproof is the file's instantiations
// minus those of the same project without the import (the default lib, DOM included, costs ~4,800 in TS 5.9 and
// ~28,000 in TS 7 on its own). Unmarked, the declarations cost ~44,000 (TS 5.9) to check.
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markDeclarations, noCheckPragma } from "../../scripts/mark-declarations.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const compilers = {
  "TS 5.9": join(root, "node_modules/typescript/bin/tsc"),
  "TS 7": join(root, "node_modules/typescript7/bin/tsc"),
} as const;

/** The budget for shapeproof's share of a one-line consumer file. */
const MAX_DECLARATION_INSTANTIATIONS = 3_000;

interface PackageJson {
  readonly name: string;
  readonly files: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
}
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;

const files = {
  "one.ts": 'import { zeros } from "shapeproof";\nexport const x = zeros([2, 3]);\n',
  "base.ts": "export const x = [2, 3];\n",
  "bad.ts": 'import { conv2d, randn } from "shapeproof";\nexport const y = conv2d(randn([3, 8, 8]), randn([4, 2, 3, 3]));\n',
} as const;
type ConsumerFile = keyof typeof files;

let tmp = "";
let consumer = "";
let marked = 0;

function node(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 180_000 });
  if (r.error) throw r.error;
  return r;
}

/** A user's plain tsconfig: strict, NodeNext, the default lib for ES2022, library declarations checked. */
function tsconfigFor(file: ConsumerFile): string {
  const config = {
    compilerOptions: { target: "ES2022", module: "NodeNext", strict: true, skipLibCheck: false, noEmit: true, types: [] },
    files: [file],
  };
  const path = `tsconfig.${file.replace(/\.ts$/, "")}.json`;
  writeFileSync(join(consumer, path), JSON.stringify(config));
  return path;
}

/** Compiles one consumer file; TS 7 with one checker, whose count is deterministic (see scripts/bench-types.ts). */
function compile(compiler: keyof typeof compilers, file: ConsumerFile): { instantiations: number; output: string; status: number | null } {
  const args = [compilers[compiler], "-p", tsconfigFor(file), "--extendedDiagnostics", ...(compiler === "TS 7" ? ["--checkers", "1"] : [])];
  const r = node(args, consumer);
  const count = /^Instantiations:\s+(\d+)/m.exec(r.stdout);
  if (count === null) throw new Error(`${compiler} printed no instantiation count:\n${r.stdout}${r.stderr}`);
  return {
    instantiations: Number(count[1]),
    output: r.stdout
      .split("\n")
      .filter((l) => l.startsWith(file))
      .join("\n"),
    status: r.status,
  };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "shapeproof-declaration-cost-"));
  const build = node([compilers["TS 5.9"], "-p", "tsconfig.build.json", "--outDir", join(tmp, "build/dist")], root);
  expect(build.stdout + build.stderr).toBe("");
  consumer = join(tmp, "consumer");
  const pkg = join(consumer, "node_modules", manifest.name);
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, "package.json"), join(pkg, "package.json"));
  for (const entry of manifest.files) {
    const from = entry === "dist" || entry.startsWith("dist/") ? join(tmp, "build", entry) : join(root, entry);
    if (existsSync(from)) cpSync(from, join(pkg, entry), { recursive: true });
  }
  for (const dep of Object.keys(manifest.dependencies ?? {}))
    symlinkSync(join(root, "node_modules", dep), join(consumer, "node_modules", dep), "dir");
  marked = markDeclarations(join(pkg, "dist"));
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(consumer, name), text);
}, 240_000); // tsc builds the whole package: slow on a busy machine

afterAll(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

describe("the build's declaration files", () => {
  it("are each marked once, and marking again changes nothing", () => {
    expect(marked).toBeGreaterThan(100);
    const index = readFileSync(join(consumer, "node_modules", manifest.name, "dist/src/index.d.ts"), "utf8");
    expect(index.split("\n")[0]).toBe(noCheckPragma);
    expect(markDeclarations(join(consumer, "node_modules", manifest.name, "dist"))).toBe(0);
  });
});

describe.each(Object.keys(compilers) as (keyof typeof compilers)[])("a one-line consumer file compiled with %s, skipLibCheck false", (compiler) => {
  it(`costs fewer than ${MAX_DECLARATION_INSTANTIATIONS} instantiations beyond the default lib`, () => {
    const one = compile(compiler, "one.ts");
    const base = compile(compiler, "base.ts");
    expect(one.output + base.output).toBe("");
    expect(one.status).toBe(0);
    expect(one.instantiations - base.instantiations).toBeGreaterThan(0);
    expect(one.instantiations - base.instantiations).toBeLessThan(MAX_DECLARATION_INSTANTIATIONS);
  });

  it("still rejects a shape mistake through the marked declarations, with the library's sentence", () => {
    const bad = compile(compiler, "bad.ts");
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain("error TS2345");
    expect(bad.output).toContain("conv2d: weight axis 1 (inC) and x's channel axis");
  });
});
