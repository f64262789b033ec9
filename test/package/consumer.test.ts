// shapeproof as a user gets it: build into a temp dir, lay the package out as `files` in package.json ships it,
// and compile a consumer project that imports "shapeproof" through `exports` — with TS 5.9 and TS 7, library
// declarations checked (no skipLibCheck), and a module of the user's emitting declarations — then run the emitted
// file, a CommonJS `require("shapeproof")` and the `bin` with node. No network, no npm.
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Shape, ShapeError, type Tensor, conv2d, randn, unet2DefaultConfig, unet2Obligations } from "../../src/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = join(root, "test/fixtures/package");
const compilers = {
  "TS 5.9": join(root, "node_modules/typescript/bin/tsc"),
  "TS 7": join(root, "node_modules/typescript7/bin/tsc"),
} as const;

interface PackageJson {
  readonly name: string;
  readonly engines: { readonly node: string };
  readonly files: readonly string[];
  readonly types: string;
  /** Condition → file: `types@<5.4` (the compat declaration), `types`, `default`. */
  readonly exports: { readonly ".": Readonly<Record<string, string>>; readonly "./node": Readonly<Record<string, string>> };
  readonly bin: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
}
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;

/** The run-time sentence for bad.ts.txt's channel mismatch; the compiler must print the same one. */
function channelMessage(): string {
  // Typed `Shape`, the check is left to run time, which throws the sentence.
  const weight: Tensor<Shape> = randn([8, 4, 3, 3], { seed: 1 });
  try {
    conv2d(randn([3, 64, 64], { seed: 0 }), weight);
  } catch (error) {
    if (error instanceof ShapeError) return error.message;
    throw error;
  }
  throw new Error("conv2d accepted 4 weight channels for a 3-channel input");
}
/** The run-time sentence for bad.ts.txt's zero stride. */
function strideMessage(): string {
  const stride: number = 0; // typed `number`, the check is left to run time
  try {
    conv2d(randn([3, 64, 64], { seed: 0 }), randn([8, 3, 3, 3], { seed: 1 }), null, { stride });
  } catch (error) {
    if (error instanceof ShapeError) return error.message;
    throw error;
  }
  throw new Error("conv2d accepted stride 0");
}
/** The run-time sentence for bad.ts.txt's odd height. */
const oddHeightMessage = unet2Obligations(unet2DefaultConfig, 127, 128) ?? "unet2Obligations accepted H 127";

let tmp = "";
let consumer = "";
let pkg = "";
let bareLines: string[] = [];

/** `(line,column)` of the first occurrence of `text` in bad-bare.ts, as tsc prints it (1-based). */
function bareAt(text: string): string {
  const line = bareLines.findIndex((l) => l.includes(text));
  if (line < 0) throw new Error(`bad-bare.ts has no ${JSON.stringify(text)}`);
  return `(${line + 1},${bareLines[line]!.indexOf(text) + 1})`;
}

/**
 * Modules of the package that decl.ts's inferred signatures reach but the package's exports do not name (TS2742
 * in TS 5.9, TS2883 naming the type in TS 7). types/index.ts exports every type they hold, so the list is empty;
 * the test checks it is exactly what both compilers report.
 */
const unnameableModules: readonly string[] = [];

function node(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  return r;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** A consumer tsconfig: a user's strict NodeNext project, no @types, the package's .d.ts checked too. */
function consumerTsconfig(files: readonly string[], emit: boolean): unknown {
  return {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM"], // DOM for console; it must not clash with the declarations
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      types: [],
      skipLibCheck: false,
      ...(emit ? { outDir: "out" } : { noEmit: true }),
    },
    files,
  };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "shapeproof-package-"));
  const build = node([compilers["TS 5.9"], "-p", "tsconfig.build.json", "--outDir", join(tmp, "build/dist")], root);
  expect(build.stdout + build.stderr).toBe("");
  expect(build.status).toBe(0);

  // The package directory holds exactly the `files` entries (dist/… from the build, the rest from the repo).
  consumer = join(tmp, "consumer");
  pkg = join(consumer, "node_modules", manifest.name);
  mkdirSync(pkg, { recursive: true });
  writeJson(join(pkg, "package.json"), manifest);
  for (const entry of manifest.files) {
    const from = entry === "dist" || entry.startsWith("dist/") ? join(tmp, "build", entry) : join(root, entry);
    if (!existsSync(from)) throw new Error(`package.json files entry ${JSON.stringify(entry)}: nothing at ${from}`);
    cpSync(from, join(pkg, entry), { recursive: true });
  }
  // Runtime dependencies as npm would install them next to the package.
  for (const dep of Object.keys(manifest.dependencies ?? {}))
    symlinkSync(join(root, "node_modules", dep), join(consumer, "node_modules", dep), "dir");

  writeJson(join(consumer, "package.json"), { name: "consumer", private: true, type: "module" });
  cpSync(join(fixtures, "good.ts.txt"), join(consumer, "good.ts"));
  cpSync(join(fixtures, "bad.ts.txt"), join(consumer, "bad.ts"));
  cpSync(join(fixtures, "decl.ts.txt"), join(consumer, "decl.ts"));
  cpSync(join(fixtures, "require.cjs.txt"), join(consumer, "require.cjs"));
  cpSync(join(fixtures, "node.ts.txt"), join(consumer, "node.ts"));
  const bare = readFileSync(join(fixtures, "bad.ts.txt"), "utf8")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("// @ts-expect-error"))
    .join("\n");
  writeFileSync(join(consumer, "bad-bare.ts"), bare);
  bareLines = bare.split("\n");
  writeJson(join(consumer, "tsconfig.json"), consumerTsconfig(["good.ts", "bad.ts", "node.ts"], false));
  writeJson(join(consumer, "tsconfig.bare.json"), consumerTsconfig(["bad-bare.ts"], false));
  writeJson(join(consumer, "tsconfig.emit.json"), consumerTsconfig(["good.ts", "node.ts"], true));
  const declConfig = consumerTsconfig(["decl.ts", "node.ts"], false) as { compilerOptions: Record<string, unknown> };
  delete declConfig.compilerOptions["noEmit"];
  Object.assign(declConfig.compilerOptions, { declaration: true, emitDeclarationOnly: true, outDir: "decl-out" });
  writeJson(join(consumer, "tsconfig.decl.json"), declConfig);
}, 180_000); // tsc builds the whole package: slow on a busy machine

afterAll(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

describe("the published package layout", () => {
  it("ships every file exports, types and bin point to", () => {
    const targets = [
      ...Object.values(manifest.exports["."]),
      ...Object.values(manifest.exports["./node"]),
      manifest.types,
      ...Object.values(manifest.bin),
    ];
    // Conditions are matched in order: the compat types for TypeScript < 5.4 first, then types, then the code.
    expect(Object.keys(manifest.exports["."])).toEqual(["types@<5.4", "types", "default"]);
    expect(Object.keys(manifest.exports["./node"])).toEqual(["types@<5.4", "types", "default"]);
    for (const target of targets) expect(existsSync(join(pkg, target)), target).toBe(true);
  });
});

describe.each(Object.entries(compilers))("a consumer project compiled with %s", (_name, tsc) => {
  it("accepts good.ts, and every @ts-expect-error line in bad.ts is an error", () => {
    const r = node([tsc, "-p", "tsconfig.json"], consumer);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("rejects bad.ts's lines with TS2345 and the library's sentences", () => {
    const r = node([tsc, "-p", "tsconfig.bare.json"], consumer);
    const errors = r.stdout.split("\n").filter((line) => line.startsWith("bad-bare.ts("));
    expect(errors).toHaveLength(5);
    for (const line of errors) expect(line).toContain("error TS2345");
    expect(errors[0]).toContain(`& "${channelMessage()}"`);
    expect(errors[1]).toContain(`& "${oddHeightMessage}"`);
    // A bad hyperparameter is reported at the options argument, with the run-time sentence.
    expect(errors[2]).toContain(`bad-bare.ts${bareAt("{ stride: 0 }")}:`);
    expect(errors[2]).toContain(`& "${strideMessage()}"`);
    // A Tensor<never> names the op (not "parameter of type 'never'").
    expect(errors[3]).toContain(`& "conv2d: x has shape never (an earlier error?)"`);
    // A generic size tsc cannot decide prints as one short named type naming the sizes, not the expanded conditional types.
    expect(errors[4]).toContain(`& MustMatchThen<"conv2d", "weight axis 1 (inC) and x's channel axis", 3, C, unknown>`);
    expect(errors[4]).not.toMatch(/Extract<|extends infer/);
    expect(r.status).not.toBe(0);
  });

  it("emits declarations for a user's module returning conv/pool results of generic sizes (no TS2742)", () => {
    const r = node([tsc, "-p", "tsconfig.decl.json"], consumer);
    const unnamed = [...r.stdout.matchAll(/error TS(?:2742|2883): .*?reference to (?:'[^']+' from )?'([^']+)'/g)].map((m) =>
      m[1]!.replace(/^.*\/node_modules\/shapeproof\//, ""),
    );
    expect([...new Set(unnamed)].sort()).toEqual([...unnameableModules].sort());
    // (pool, strided and up are also TS2345 today: a generic H through a size-changing window is not yet
    // accepted. `same` compiles and emits.)
    expect(r.stdout).not.toMatch(/decl\.ts\((?:11|12),/);
  });
});

describe("the oldest TypeScript the README claims (5.4)", () => {
  it("accepts good.ts, and every @ts-expect-error line in bad.ts is an error", () => {
    const r = node([join(root, "node_modules/typescript54/bin/tsc"), "-p", "tsconfig.json"], consumer);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("TypeScript older than 5.4 (5.0)", () => {
  it("gets the compat declaration instead of shapeproof's, so every import is an error rather than a silent any", () => {
    const r = node([join(root, "node_modules/typescript50/bin/tsc"), "-p", "tsconfig.json", "--listFiles"], consumer);
    const out = r.stdout + r.stderr;
    expect(r.status).not.toBe(0);
    expect(out).toContain("compat/typescript-too-old.d.ts");
    expect(out).not.toContain("dist/src/index.d.ts");
    expect(out).toMatch(/good\.ts\(\d+,\d+\): error TS2305: Module '"shapeproof"' has no exported member/);
  });
});

describe("the package at run time", () => {
  it("good.ts, emitted by TS 5.9, runs with node and computes the shapes it was typed with", () => {
    const emit = node([compilers["TS 5.9"], "-p", "tsconfig.emit.json"], consumer);
    expect(emit.stdout + emit.stderr).toBe("");
    const r = node([join(consumer, "out/good.js")], consumer);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ y: [8, 64, 64], out: [2, 128, 128], finite: true });
  });

  it("node.ts, emitted by TS 5.9, writes and reads weights and a PNG through shapeproof/node", () => {
    const r = node([join(consumer, "out/node.js")], consumer);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ tensors: 16, metadata: { note: "consumer" }, pngBytes: true });
  });

  it(`require("shapeproof") works from a CommonJS file on this Node, which engines (${manifest.engines.node}) admits`, () => {
    const min = /^>=(\d+)\.(\d+)$/.exec(manifest.engines.node);
    expect(min, "engines.node is >=MAJOR.MINOR").not.toBeNull();
    const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
    expect(major > Number(min![1]) || (major === Number(min![1]) && minor >= Number(min![2]))).toBe(true);
    const r = node([join(consumer, "require.cjs")], consumer);
    expect(r.stderr).not.toContain("ERR_REQUIRE_ESM");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ shape: [4, 8, 8], shapeError: "function" });
  });

  it("the bin runs: summary rejects an odd height with the obligation's sentence", () => {
    const bin = join(pkg, manifest.bin["shapeproof"] ?? "missing bin");
    const ok = node([bin, "summary", "--in-c", "3", "--out-c", "2", "--height", "128", "--width", "128"], consumer);
    expect(ok.stdout).toContain("The eight UNet2 size obligations hold for 128x128.");
    expect(ok.status).toBe(0);
    const odd = node([bin, "summary", "--in-c", "3", "--out-c", "2", "--height", "127", "--width", "128"], consumer);
    expect(odd.stderr).toContain(`shapeproof summary: ${oddHeightMessage}`);
    expect(odd.status).toBe(1);
  });
});
