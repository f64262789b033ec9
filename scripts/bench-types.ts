// Checker cost of the type-level shape algebra, with TS 5.9 and TS 7, on three fixtures:
//   - test/fixtures/types/unet4-chain.ts: the depth-4 (four-pool) U-Net spatial chain, 10 input sizes (pure types);
//   - test/fixtures/types/transformer-chain.ts: a transformer encoder block (29 typed op calls) on Tensor<[8, 128, 256]>;
//   - test/fixtures/types/sequential12-chain.ts: a 12-layer `sequential(...)` CNN on Tensor<[16, 3, 32, 32]>.
// For each: instantiations, check time and memory of a compiler run on the fixture, and the same for a
// run on its imports alone (a generated file importing exactly the fixture's modules, so the program has
// the same files), whose difference is the chain's own cost. The fixtures that import src/ make tsc check
// those source files too (about 100-130k instantiations), which is the library's cost, not the chain's.
// TS 7's instantiations are counted with `--checkers 1` (its parallel checkers' counts vary by ~10 run to run,
// one checker's by ~2: the median is printed); its times and memory are those of its default (parallel) mode.
//
//   npm run bench:types [-- --runs N]     (median of N runs, default 3)
//
// A third count, TS 5.9 only (`measureFixtureAlone`, through the compiler API): checking the fixture alone, its
// imports' bodies unchecked — about what a consumer compiling against the library's declarations pays.
//
// test/types/checker-cost.test.ts uses `measureTypeCost` / `measureChainCost` / `measureFixtureAlone` to bound
// the instantiation counts, which are deterministic; times are only printed here, never asserted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));

export const unet4Fixture = join(root, "test/fixtures/types/unet4-chain.ts");
export const transformerFixture = join(root, "test/fixtures/types/transformer-chain.ts");
export const sequential12Fixture = join(root, "test/fixtures/types/sequential12-chain.ts");

const fixtures: readonly { readonly file: string; readonly title: string }[] = [
  { file: unet4Fixture, title: "depth-4 (four-pool) valid-conv U-Net spatial chain, 10 sizes (pure types)" },
  { file: transformerFixture, title: "transformer encoder block in training mode, 29 typed op calls on Tensor<[8, 128, 256]>" },
  { file: sequential12Fixture, title: "12-layer sequential(...) all-conv CNN on Tensor<[16, 3, 32, 32]>" },
];

export const compilers = {
  "TS 5.9": join(root, "node_modules/typescript/bin/tsc"),
  "TS 7": join(root, "node_modules/typescript7/bin/tsc"),
} as const;

export type CompilerName = keyof typeof compilers;

export interface TypeCost {
  readonly compiler: CompilerName;
  readonly version: string;
  /** Source files in the program (lib files included). */
  readonly files: number;
  readonly instantiations: number;
  readonly checkSeconds: number;
  readonly memoryKB: number;
}

/** A fixture's cost, the cost of its imports alone, and the difference: what the fixture's own code costs. */
export interface ChainCost {
  readonly compiler: CompilerName;
  readonly version: string;
  readonly whole: TypeCost;
  readonly importsAlone: TypeCost;
  /** whole − importsAlone instantiations. */
  readonly chainInstantiations: number;
  /** whole − importsAlone check time (noisy: a difference of two timings). */
  readonly chainCheckSeconds: number;
}

/**
 * Compiles `file` alone with the project's compiler options (no @types: TS 7's default, and
 * what keeps the count about the fixture) through a temporary tsconfig, since TS 7 refuses
 * file arguments while a tsconfig is in scope. Throws with the compiler's output on any error.
 */
export function measureTypeCost(compiler: CompilerName, file: string = unet4Fixture): TypeCost {
  const dir = mkdtempSync(join(tmpdir(), "shapeproof-bench-types-"));
  try {
    return compileIn(dir, compiler, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `measureTypeCost` of `file` and of a generated module (`imports-alone.mts`, ESM like the fixtures) that
 * imports, for their side effects only, exactly the modules `file` imports: the same program minus the
 * fixture's own code. Throws if the two programs do not have the same number of files.
 */
export function measureChainCost(compiler: CompilerName, file: string): ChainCost {
  const dir = mkdtempSync(join(tmpdir(), "shapeproof-bench-types-"));
  try {
    const baseline = join(dir, "imports-alone.mts");
    const lines = importSpecifiers(file).map((s) => `import ${JSON.stringify(resolve(dirname(file), s))};`);
    writeFileSync(baseline, `${lines.join("\n")}\nexport {};\n`);
    const importsAlone = compileIn(dir, compiler, baseline);
    const whole = compileIn(dir, compiler, file);
    if (whole.files !== importsAlone.files) {
      throw new Error(`${compiler}: ${file} compiles ${whole.files} files but its imports alone ${importsAlone.files}; the baseline does not match`);
    }
    return {
      compiler,
      version: whole.version,
      whole,
      importsAlone,
      chainInstantiations: whole.instantiations - importsAlone.instantiations,
      chainCheckSeconds: whole.checkSeconds - importsAlone.checkSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * TS 5.9 only, through its compiler API: the instantiations of checking `file` alone in a program that also holds
 * its imports, whose bodies are never checked (their declarations are resolved as the fixture needs them), so
 * nothing is pre-instantiated by checking the library: about what a consumer compiling against the library's
 * declarations pays for the chain. TS 7 has no such API in this package, so it is measured for TS 5.9 only.
 * Throws with the diagnostics if the fixture has errors.
 */
export function measureFixtureAlone(file: string): number {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const program = ts.createProgram([file], options);
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`TS 5.9 API: ${file} is not in the program`);
  const diagnostics = program.getSemanticDiagnostics(source);
  if (diagnostics.length > 0) {
    const text = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n");
    throw new Error(`TS 5.9 API: ${file} has errors:\n${text}`);
  }
  return program.getInstantiationCount();
}

/** The relative module specifiers of a fixture's import declarations (`import ... from "./x.js"`, `import "./x.js"`). */
export function importSpecifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/^import\s+(?:[^;]*?\s+from\s+)?"([^"]+)";/gms)].map((m) => m[1]!);
  const relative = specs.filter((s) => s.startsWith("."));
  if (relative.length !== specs.length || specs.length === 0) {
    throw new Error(`${file}: expected only relative imports, found ${JSON.stringify(specs)}`);
  }
  return [...new Set(relative)];
}

/**
 * One compile of `file` with --extendedDiagnostics. TS 7 checks files on several checkers in parallel by default,
 * each instantiating on its own, so its count moves by a few between runs (162,220-162,229 on the sequential
 * fixture); its instantiations are therefore taken from a second run with `--checkers 1` (deterministic, and
 * counted like TS 5.9's single checker), its time and memory from the default run.
 */
function compileIn(dir: string, compiler: CompilerName, file: string): TypeCost {
  const config = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      types: [],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
    files: [file],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
  const tsc = compilers[compiler];
  const run = (extra: readonly string[]): string => {
    try {
      return execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json"), "--extendedDiagnostics", ...extra], { encoding: "utf8" });
    } catch (e) {
      const failed = e as { stdout?: string; stderr?: string };
      throw new Error(`${compiler} failed on ${file}:\n${failed.stdout ?? ""}${failed.stderr ?? ""}`);
    }
  };
  const out = run([]);
  const counted = compiler === "TS 7" ? run(["--checkers", "1"]) : out;
  const version = execFileSync(process.execPath, [tsc, "--version"], { encoding: "utf8" }).trim();
  return {
    compiler,
    version,
    files: field(counted, "Files"),
    instantiations: field(counted, "Instantiations"),
    checkSeconds: field(out, "Check time"),
    memoryKB: field(out, "Memory used"),
  };
}

/** A numeric line of --extendedDiagnostics ("Instantiations:   102239", "Check time: 1.28s", "Memory used: 63786K"). */
function field(out: string, name: string): number {
  const m = new RegExp(`^${name}:\\s+([0-9.]+)`, "m").exec(out);
  if (m === null) throw new Error(`no "${name}" in the compiler's --extendedDiagnostics output:\n${out}`);
  return Number(m[1]);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Row {
  readonly name: CompilerName;
  /** `measureFixtureAlone` (TS 5.9), or null. */
  readonly alone: number | null;
  readonly version: string;
  readonly whole: number;
  readonly importsAlone: number;
  readonly chain: number;
  readonly check: number;
  readonly chainCheck: number;
  readonly memory: number;
}

function measureRow(name: CompilerName, file: string, runs: number): Row {
  const samples = Array.from({ length: runs }, () => measureChainCost(name, file));
  const first = samples[0]!;
  // TS 5.9's counts are deterministic: a difference means a file changed between runs. TS 7's move by a few
  // even on one checker (114,317 or 114,319 on the U-Net fixture), so it reports the median.
  if (name === "TS 5.9" && samples.some((s) => s.whole.instantiations !== first.whole.instantiations)) {
    throw new Error(
      `${name}: instantiations vary between runs on ${file} (${samples.map((s) => s.whole.instantiations).join(", ")}); was a file edited meanwhile?`,
    );
  }
  return {
    name,
    alone: name === "TS 5.9" ? measureFixtureAlone(file) : null,
    version: first.version,
    whole: median(samples.map((s) => s.whole.instantiations)),
    importsAlone: median(samples.map((s) => s.importsAlone.instantiations)),
    chain: median(samples.map((s) => s.chainInstantiations)),
    check: median(samples.map((s) => s.whole.checkSeconds)),
    chainCheck: median(samples.map((s) => s.chainCheckSeconds)),
    memory: median(samples.map((s) => s.whole.memoryKB)),
  };
}

function printTable(title: string, rows: readonly Row[]): void {
  const [ts59, ts7] = rows as [Row, Row];
  const ratio = (a: number, b: number): string => (b === 0 ? "—" : (a / b).toFixed(2));
  const table = [
    ["", ...rows.map((r) => `${r.name} (${r.version})`), "TS 7 / TS 5.9"],
    ["instantiations, the chain (difference)", ...rows.map((r) => String(r.chain)), ratio(ts7.chain, ts59.chain)],
    ["instantiations, the fixture checked alone (API)", ...rows.map((r) => (r.alone === null ? "—" : String(r.alone))), ""],
    ["instantiations, whole program", ...rows.map((r) => String(r.whole)), ratio(ts7.whole, ts59.whole)],
    ["instantiations, imports alone", ...rows.map((r) => String(r.importsAlone)), ratio(ts7.importsAlone, ts59.importsAlone)],
    ["check time, whole program (s)", ...rows.map((r) => r.check.toFixed(3)), ratio(ts7.check, ts59.check)],
    ["check time, the chain (difference, s)", ...rows.map((r) => r.chainCheck.toFixed(3)), ratio(ts7.chainCheck, ts59.chainCheck)],
    ["memory, whole program (MB)", ...rows.map((r) => (r.memory / 1024).toFixed(1)), ratio(ts7.memory, ts59.memory)],
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log(title);
  for (const row of table) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
  console.log("");
}

function main(): void {
  const runsArg = process.argv.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${process.argv[runsArg + 1]}`);
  console.log(
    `Checker cost, median of ${runs} runs (TS 5.9's instantiation counts are deterministic, TS 7's (one checker) within ~2; times are not).`,
  );
  console.log('"the chain" = the fixture\'s program minus a program of its imports alone (same files); "checked alone" = TS 5.9\'s');
  console.log("compiler API checking only the fixture (its imports' bodies unchecked), as a consumer of the declarations would.\n");
  for (const f of fixtures) {
    const rows = (Object.keys(compilers) as CompilerName[]).map((name) => measureRow(name, f.file, runs));
    printTable(`${f.file.slice(root.length)}: ${f.title}`, rows);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
