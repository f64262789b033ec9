// The compile-time world against the run-time one, on ~1,500 consumer calls with literal shapes
// (test/types/shape-cases.ts): for each, the shape tsc infers must be the shape the op returns, and a call the
// runtime rejects must be rejected by tsc with one error whose text holds the runtime's sentence. TS 7 must report
// errors on exactly the lines TS 5.9 does. Bugs this found (each case is in shape-cases.ts, several pinned below):
// stack reported its parts' shapes before an out-of-range dim (the runtime checks dim first); a broadcasting op
// accepted a union operand with an alternative that cannot broadcast (typing the result `Tensor<Shape> | ...`);
// reshape/view resolved a union of targets as a whole (`cond ? [-1, 3] : [3, 2]` gave `Tensor<[-1, 3]> | ...`);
// and an option set to undefined, or left out by one alternative of a union of options, was not read as absent
// (`maxPool2d(x, { kernel: 2, stride: undefined })` typed as stride 1: [3, 7, 7] where the runtime gives [3, 4, 4]).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CaseModule, cliErrors, type Outcome, runtimeOutcomes, shapeAgrees, typeOutcomes, writeCaseModule } from "./compile-cases.js";
import { shapeCases } from "./shape-cases.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cases = shapeCases();
let dir = "";
let module: CaseModule;
let types: Outcome[] = [];
let runs: Outcome[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shapeproof-compile-vs-run-"));
  module = writeCaseModule(dir, cases);
  types = typeOutcomes(module);
  runs = runtimeOutcomes(cases);
}, 300_000);

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

/** Why case i disagrees, or null when tsc and the runtime agree. */
function disagreement(i: number): string | null {
  const [t, r] = [types[i]!, runs[i]!];
  if (t.kind === "shape" && r.kind === "shape") return shapeAgrees(t.text, r.text) ? null : `tsc infers ${t.text}, the runtime returns ${r.text}`;
  if (t.kind === "shape" && r.kind === "errors") return `tsc accepts (${t.text}), the runtime throws "${r.texts[0]}"`;
  if (t.kind === "errors" && r.kind === "shape") return `tsc rejects ("${t.texts.join(" | ")}"), the runtime returns ${r.text}`;
  if (t.kind === "errors" && r.kind === "errors") {
    if (t.texts.length !== 1) return `tsc reports ${t.texts.length} errors: ${t.texts.join(" | ")}`;
    return t.texts[0]!.includes(r.texts[0]!) ? null : `tsc says "${t.texts[0]}", the runtime "${r.texts[0]}"`;
  }
  return null;
}

describe("compile time against run time on literal shapes", () => {
  it("covers every op family with about 1,500 calls, a third of them mistakes", () => {
    expect(cases.length).toBeGreaterThan(1500);
    const rejected = runs.filter((r) => r.kind === "errors").length;
    expect(rejected).toBeGreaterThan(cases.length / 4);
    expect(rejected).toBeLessThan((cases.length * 3) / 4);
  });

  it("tsc infers the runtime's shape, or reports the runtime's sentence as the one error of the call", () => {
    const problems = cases.flatMap((e, i) => {
      const why = disagreement(i);
      return why === null ? [] : [`#${i} ${e}: ${why}`];
    });
    expect(problems).toEqual([]);
  });

  it("no inferred shape holds never, any, unknown or a negative size", () => {
    const leaks = types.flatMap((t, i) => (t.kind === "shape" && /\b(never|any|unknown)\b|-\d/.test(t.text) ? [`#${i} ${cases[i]}: ${t.text}`] : []));
    expect(leaks).toEqual([]);
  });

  it("a union argument gives the union of each alternative's shape, nothing else", () => {
    const alternatives = (expression: string): readonly string[] | Outcome => {
      const t = types[cases.indexOf(expression)]!;
      return t.kind === "shape" ? t.text.split(" | ").sort() : t;
    };
    expect(alternatives("reshape(zeros([2, 3]), (Math.random() < 2 ? [3, 2] : [-1, 3]))")).toEqual(["[2, 3]", "[3, 2]"]);
    expect(alternatives("view(zeros([2, 3]), (Math.random() < 2 ? [3, -1] : [-1]))")).toEqual(["[3, 2]", "[6]"]);
    expect(alternatives("cat([(Math.random() < 2 ? zeros([4, 3]) : zeros([2, 3])), zeros([1, 3])], 0)")).toEqual(["[3, 3]", "[5, 3]"]);
    expect(alternatives("add((Math.random() < 2 ? zeros([4, 3]) : zeros([2, 3])), zeros([3]))")).toEqual(["[2, 3]", "[4, 3]"]);
  });

  it("stack reports an out-of-range dim at dim before its parts' shapes, as the runtime checks them", () => {
    const i = cases.indexOf("stack([zeros([2, 3]), zeros([4, 4])], 5)");
    expect(runs[i]).toEqual({ kind: "errors", texts: ["stack: new axis 5 is out of range [-3, 2] for rank 2"] });
    expect(types[i]).toMatchObject({ kind: "errors", texts: [expect.stringContaining('"stack: new axis 5 is out of range [-3, 2] for rank 2"')] });
  });

  it("a broadcasting op rejects a union operand any alternative of which cannot broadcast", () => {
    const i = cases.indexOf("add((Math.random() < 2 ? zeros([2, 5]) : zeros([2, 3])), zeros([3]))");
    expect(types[i]).toMatchObject({ kind: "errors", texts: [expect.stringContaining('"add: cannot broadcast axis -1: 5 vs 3"')] });
  });
});

describe("the same module compiled by TS 7", () => {
  it("reports errors on exactly the lines TS 5.9 does, one per line, and none elsewhere", () => {
    const { byLine, elsewhere } = cliErrors(module, join(root, "node_modules/typescript7/bin/tsc"));
    expect(elsewhere).toEqual([]);
    const expected = module.lines.filter((_line, i) => types[i]!.kind === "errors");
    expect([...byLine.keys()].sort((a, b) => a - b)).toEqual(expected);
    expect([...byLine.values()].filter((errors) => errors.length !== 1)).toEqual([]);
  });
});
