/**
 * Random compositions of 3 to 6 ops (broadcasting, shape ops, reductions, matmul, norms, losses, diamonds; small
 * sizes, and sizes past the WebAssembly kernels' vector width) and hand-made edge cases (kinks, ties, -0, NaN,
 * ±inf, empty axes, 0-d tensors, detach, and attention, linear, embedding, pooling and conv2d with one tensor in
 * several places), each against PyTorch 2.13's forward and every input's gradient through the tape, in float32
 * and float64, on the JS backend and WebAssembly with 1 and 2 threads (and Winograd forced, for the edge cases'
 * convs). The edge cases' outputs must also carry PyTorch's sign of zero. The programs and PyTorch's numbers:
 * fixtures/, written by scripts/golden/autograd-parity.py.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../../src/backend.js";
import type { DType } from "../../../types/tensor/shape.js";
import { backendsUnderTest } from "../../helpers/backends.js";
import { checkProgram, loadPrograms } from "./program.js";

const files = ["compositions.json", "large-compositions.json", "edge-cases.json"];
// Winograd only changes 3x3 convs, which only the edge cases hold.
const backendsFor = (file: string) =>
  file === "edge-cases.json" ? backendsUnderTest : backendsUnderTest.filter((b) => !b.name.includes("Winograd"));
const dtypes: readonly DType[] = ["float32", "float64"];

for (const file of files) {
  const cases = loadPrograms(file);
  describe(file, () => {
    it("holds programs", () => expect(cases.length).toBeGreaterThan(file === "compositions.json" ? 150 : 30));
  });
  for (const entry of backendsFor(file)) {
    for (const dtype of dtypes) {
      describe(`${file} [${entry.name}, ${dtype}]`, () => {
        const before = currentBackend();
        afterAll(() => {
          useBackend(before);
        });
        for (const c of cases) {
          it(c.name, async () => {
            useBackend(await entry.create());
            checkProgram(c, dtype, file === "edge-cases.json");
          });
        }
      });
    }
  }
}
