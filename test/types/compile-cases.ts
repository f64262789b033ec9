// Type-checks a list of expressions as one consumer module and runs the same expressions: what tsc infers (the
// shape type, or the errors on the expression's line) beside what the runtime produces (the shape, or the error).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import ts from "typescript";
import * as shapeproof from "../../src/index.js";
import { repositoryRoot, writeCheckedModule } from "./checked-module.js";

const root = repositoryRoot;

/** One side's verdict on a case: a shape (as tsc prints the type, or `[2, 3]` from the runtime), or error texts. */
export type Outcome = { readonly kind: "shape"; readonly text: string } | { readonly kind: "errors"; readonly texts: readonly string[] };

/** A consumer module: case i is `export const c<i> = () => (<expression>).shape;` on line `lines[i]`. */
export interface CaseModule {
  readonly file: string;
  readonly lines: readonly number[];
}

/** The library's values a case may call (every name it uses must be one of these). */
function library(): Record<string, unknown> {
  return shapeproof as Record<string, unknown>;
}

function namesUsed(expressions: readonly string[]): string[] {
  const lib = library();
  const names = new Set<string>();
  for (const e of expressions) for (const m of e.matchAll(/\b([a-zA-Z]\w*)\(/g)) if (m[1]! in lib) names.add(m[1]!);
  return [...names].sort();
}

/** Writes the module, and a tsconfig that extends the repository's, into `dir`. */
export function writeCaseModule(dir: string, expressions: readonly string[]): CaseModule {
  const text = [`import { ${namesUsed(expressions).join(", ")} } from ${JSON.stringify(join(root, "src/index.js"))};`];
  const lines: number[] = [];
  expressions.forEach((e, i) => {
    text.push(`export const c${i} = () => (${e}).shape;`);
    lines.push(text.length);
  });
  writeCheckedModule(dir, "cases.ts", `${text.join("\n")}\n`);
  return { file: join(dir, "cases.ts"), lines };
}

/** TS 5.9 through its compiler API: each case's shape type or its errors (only this module is checked). */
export function typeOutcomes(cases: CaseModule): Outcome[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(cases.file, "../tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (config === undefined) throw new Error("TS 5.9 API: cannot read the cases' tsconfig.json");
  const program = ts.createProgram([cases.file], { ...config.options, noEmit: true });
  const source = program.getSourceFile(cases.file)!;
  const errors = errorsByLine(
    program.getSemanticDiagnostics(source).map((d) => ({
      line: source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
      text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    })),
  );
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  return cases.lines.map((line, i) => {
    const texts = errors.get(line);
    if (texts !== undefined) return { kind: "errors", texts };
    const symbol = exports.find((s) => s.name === `c${i}`)!;
    const call = checker.getTypeOfSymbolAtLocation(symbol, source).getCallSignatures()[0]!;
    return { kind: "shape", text: checker.typeToString(call.getReturnType(), undefined, ts.TypeFormatFlags.NoTruncation) };
  });
}

/** The errors a compiler's CLI reports in the cases' module, by line (`--pretty false`), and its other output. */
export function cliErrors(cases: CaseModule, tsc: string): { byLine: Map<number, string[]>; elsewhere: string[] } {
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], {
    cwd: join(cases.file, ".."),
    encoding: "utf8",
    timeout: 300_000,
  });
  if (r.error) throw r.error;
  const found: { line: number; text: string }[] = [];
  const elsewhere: string[] = [];
  for (const l of r.stdout.split("\n")) {
    const m = /^cases\.ts\((\d+),\d+\): error (TS\d+: .*)$/.exec(l);
    if (m !== null) found.push({ line: Number(m[1]), text: m[2]! });
    else if (/error TS\d+/.test(l)) elsewhere.push(l);
  }
  return { byLine: errorsByLine(found), elsewhere };
}

function errorsByLine(errors: readonly { line: number; text: string }[]): Map<number, string[]> {
  const byLine = new Map<number, string[]>();
  for (const { line, text } of errors) byLine.set(line, [...(byLine.get(line) ?? []), text]);
  return byLine;
}

/** Runs each expression against the library: the output's shape, or the error's message. */
export function runtimeOutcomes(expressions: readonly string[]): Outcome[] {
  const lib = library();
  const names = namesUsed(expressions);
  return expressions.map((e) => {
    try {
      const shape = new Function(...names, `return (${e}).shape;`)(...names.map((n) => lib[n])) as readonly number[];
      return { kind: "shape", text: `[${shape.join(", ")}]` };
    } catch (err) {
      return { kind: "errors", texts: [(err as Error).message] };
    }
  });
}

/**
 * Whether tsc's shape type agrees with a runtime shape: the same rank and sizes, a `number` size (or `number[]`)
 * agreeing with any; for a union type, one of its alternatives.
 */
export function shapeAgrees(typeText: string, runtime: string): boolean {
  return splitUnion(typeText).some((alternative) => {
    const t = alternative.replace(/^readonly /, "");
    if (t === "number[]") return true;
    const dims = (s: string): string[] =>
      s
        .slice(1, -1)
        .split(", ")
        .filter((d) => d !== "");
    const [td, rd] = [dims(t), dims(runtime)];
    return t.startsWith("[") && td.length === rd.length && td.every((d, i) => d === "number" || d === rd[i]);
  });
}

/** `[2, 3] | [4, 3]` into its alternatives (tuple types contain no top-level `|`). */
function splitUnion(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "[" || c === "<" || c === "(") depth++;
    else if (c === "]" || c === ">" || c === ")") depth--;
    else if (c === "|" && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}
