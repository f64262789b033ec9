// The text of the errors on generic sizes, as a user reads it: test-d/fixtures/generic-size-errors.ts holds each
// mistake under a `@ts-expect-error <text>` directive. Here the directives are stripped, the file is compiled with
// TS 5.9 and TS 7 (their CLIs, `--pretty false`), and the error on each directive's line must contain its text, be
// the only error there, and print no expanded conditional types.
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot, writeCheckedModule } from "./checked-module.js";

const root = repositoryRoot;
const fixture = join(root, "test-d/fixtures/generic-size-errors.ts");
const compilers = {
  "TS 5.9": join(root, "node_modules/typescript/bin/tsc"),
  "TS 7": join(root, "node_modules/typescript7/bin/tsc"),
} as const;

/** What an error must not print: the checks' internals, expanded. */
const internals = /Extract<|extends infer|\? unknown :|\.\.\.;|Spatial2d<|AxisResult<|FirstMessage</;

interface Expectation {
  /** 1-based line of the call in the stripped file. */
  readonly line: number;
  readonly text: string;
}

let tmp = "";
let expectations: Expectation[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "shapeproof-generic-messages-"));
  const bare: string[] = [];
  expectations = [];
  for (const line of readFileSync(fixture, "utf8").split("\n")) {
    const directive = /^\s*\/\/ @ts-expect-error (.+)$/.exec(line);
    if (directive !== null) expectations.push({ line: bare.length + 1, text: directive[1]! });
    else bare.push(line.replaceAll('"../../src/', `"${join(root, "src")}/`));
  }
  writeCheckedModule(tmp, "bare.ts", bare.join("\n"));
});

afterAll(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

function compile(tsc: string): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], { cwd: tmp, encoding: "utf8", timeout: 300_000 });
  if (r.error) throw r.error;
  return r;
}

describe.each(Object.entries(compilers))("errors on generic sizes, compiled with %s", (_name, tsc) => {
  it("the fixture lists at least one mistake per op family (conv2d, convTranspose2d, maxPool2d, linear, matmul, add)", () => {
    const text = expectations.map((e) => e.text).join("\n");
    for (const op of ['"conv2d', '"convTranspose2d"', '"maxPool2d', '"linear"', '"matmul"', '"add"']) expect(text).toContain(op);
  });

  it("each mistake is one error on its line, reading as its directive says, with no expanded internals", () => {
    const r = compile(tsc);
    const errors = r.stdout.split("\n").filter((l) => l.startsWith("bare.ts("));
    const byLine = new Map<number, string[]>();
    for (const error of errors) {
      const line = Number(/^bare\.ts\((\d+),/.exec(error)![1]);
      byLine.set(line, [...(byLine.get(line) ?? []), error]);
    }
    expect([...byLine.keys()].sort((a, b) => a - b)).toEqual(expectations.map((e) => e.line));
    for (const { line, text } of expectations) {
      const [error, ...more] = byLine.get(line)!;
      expect(more, `line ${line}`).toEqual([]);
      expect(error).toContain("error TS2345");
      expect(error).toContain(`& ${text}'`);
      expect(error).not.toMatch(internals);
    }
    expect(r.status).not.toBe(0);
  });
});
