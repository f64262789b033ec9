import { describe, expect, it } from "vitest";
import { stateDictProblemText, stateDictProblems } from "../../src/nn/state-dict-problems.js";

describe("stateDictProblems", () => {
  const model = { "a.weight": { shape: [2, 3] }, "a.bias": { shape: [2] } };

  it("is empty when every name is there with its shape, value count and a loadable dtype", () => {
    expect(stateDictProblems(model, { "a.weight": { shape: [2, 3], data: new Float32Array(6) }, "a.bias": { shape: [2], dtype: "F32" } })).toEqual(
      [],
    );
  });

  it("lists missing, wrong shape, wrong value count and refused dtype in model order, then extras in dict order", () => {
    const problems = stateDictProblems(
      { ...model, "b.weight": { shape: [1] }, "c.weight": { shape: [4] } },
      {
        x: { shape: [1] },
        "a.weight": { shape: [3, 2] },
        "b.weight": { shape: [1], data: [1, 2] },
        "c.weight": { shape: [4], dtype: "I32" },
        toString: { shape: [] },
      },
      (dtype) => dtype === "F32",
    );
    expect(problems).toEqual([
      { name: "a.weight", kind: "shape", expected: [2, 3], actual: [3, 2] },
      { name: "a.bias", kind: "missing", expected: [2] },
      { name: "b.weight", kind: "values", expected: 1, actual: 2 },
      { name: "c.weight", kind: "dtype", dtype: "I32" },
      { name: "x", kind: "extra", actual: [1] },
      { name: "toString", kind: "extra", actual: [] },
    ]);
    expect(problems.map((p) => stateDictProblemText(p))).toEqual([
      "a.weight: expected [2, 3], got [3, 2]",
      "missing a.bias (expected [2])",
      "b.weight: expected 1 values, got 2",
      "c.weight: dtype I32 cannot be loaded (expected F32, F64, F16 or BF16)",
      "unexpected x [1]",
      "unexpected toString []",
    ]);
  });

  it("renders the dict's own strings through show", () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the show function replaces control characters.
    expect(stateDictProblemText({ name: "w\u001b", kind: "dtype", dtype: "I\u0007" }, (t) => t.replace(/[\u0000-\u001f]/g, "?"))).toBe(
      "w?: dtype I? cannot be loaded (expected F32, F64, F16 or BF16)",
    );
  });
});
