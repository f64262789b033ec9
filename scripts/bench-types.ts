// Checker cost of the type-level shape algebra: compiles the depth-4 (four-pool) U-Net shape-chain fixture
// (test/fixtures/types/unet4-chain.ts, 10 input sizes) with TS 5.9 and TS 7 and prints
// instantiations, check time and memory for each, plus the TS 7 / TS 5.9 ratio.
//
//   npm run bench:types [-- --runs N]     (median of N runs, default 3)
//
// test/types/checker-cost.test.ts uses `measureTypeCost` to bound the instantiation count,
// which is deterministic; times are only printed here, never asserted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export const unet4Fixture = join(root, "test/fixtures/types/unet4-chain.ts");

export const compilers = {
  "TS 5.9": join(root, "node_modules/typescript/bin/tsc"),
  "TS 7": join(root, "node_modules/typescript7/bin/tsc"),
} as const;

export type CompilerName = keyof typeof compilers;

export interface TypeCost {
  readonly compiler: CompilerName;
  readonly version: string;
  readonly instantiations: number;
  readonly checkSeconds: number;
  readonly memoryKB: number;
}

/**
 * Compiles `file` alone with the project's compiler options (no @types: TS 7's default, and
 * what keeps the count about the fixture) through a temporary tsconfig, since TS 7 refuses
 * file arguments while a tsconfig is in scope. Throws with the compiler's output on any error.
 */
export function measureTypeCost(compiler: CompilerName, file: string = unet4Fixture): TypeCost {
  const dir = mkdtempSync(join(tmpdir(), "shapeproof-bench-types-"));
  try {
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
    let out: string;
    try {
      out = execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json"), "--extendedDiagnostics"], { encoding: "utf8" });
    } catch (e) {
      const failed = e as { stdout?: string; stderr?: string };
      throw new Error(`${compiler} failed on ${file}:\n${failed.stdout ?? ""}${failed.stderr ?? ""}`);
    }
    const version = execFileSync(process.execPath, [tsc, "--version"], { encoding: "utf8" }).trim();
    return {
      compiler,
      version,
      instantiations: field(out, "Instantiations"),
      checkSeconds: field(out, "Check time"),
      memoryKB: field(out, "Memory used"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

function main(): void {
  const runsArg = process.argv.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${process.argv[runsArg + 1]}`);
  const rows = (Object.keys(compilers) as CompilerName[]).map((name) => {
    const samples = Array.from({ length: runs }, () => measureTypeCost(name));
    return {
      name,
      version: samples[0]!.version,
      instantiations: samples[0]!.instantiations,
      check: median(samples.map((s) => s.checkSeconds)),
      memory: median(samples.map((s) => s.memoryKB)),
    };
  });
  const [ts59, ts7] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const table = [
    ["", ...rows.map((r) => `${r.name} (${r.version})`), "TS 7 / TS 5.9"],
    ["instantiations", ...rows.map((r) => String(r.instantiations)), (ts7.instantiations / ts59.instantiations).toFixed(2)],
    ["check time (s)", ...rows.map((r) => r.check.toFixed(3)), (ts7.check / ts59.check).toFixed(2)],
    ["memory (MB)", ...rows.map((r) => (r.memory / 1024).toFixed(1)), (ts7.memory / ts59.memory).toFixed(2)],
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log(`Checker cost: ${unet4Fixture.slice(root.length)} (depth-4 (four-pool) valid-conv U-Net chain, 10 sizes); median of ${runs} runs`);
  for (const row of table) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
