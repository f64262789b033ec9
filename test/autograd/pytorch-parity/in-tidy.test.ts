/**
 * Every program of the PyTorch parity fixtures (random compositions over 49 ops, the larger ones and the edge cases)
 * run inside `tidy` on the WebAssembly backend, where the ops that keep their outputs in WebAssembly memory do so and
 * every other op copies its operands out: the output and every input's gradient must be bit for bit what the same
 * program gives outside `tidy` (the kernels are the same; only where their operands lie changes), and nothing the
 * programs made may stay in WebAssembly memory afterwards.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../../src/backend.js";
import { tidy } from "../../../src/tensor/tidy.js";
import { sharedWasmBackend } from "../../wasm/shared-backends.js";
import { loadPrograms, type Program, runProgram } from "./program.js";

const files = ["compositions.json", "large-compositions.json", "edge-cases.json"];

/** The output's and each input's gradient's elements, copied (read inside `tidy`, they outlive it). */
function results(c: Program): Float32Array[] {
  const { output, inputs } = runProgram(c, "float32");
  const grads = Object.keys(inputs)
    .sort()
    .map((name) => inputs[name]!.grad);
  return [output, ...grads].map((t) => (t === null ? new Float32Array(0) : Float32Array.from(t.data)));
}

const before = currentBackend();
afterAll(() => void useBackend(before));

describe.each([1, 2])("the parity programs inside tidy, wasm %i thread(s), float32", (threads) => {
  for (const file of files) {
    it(`${file}: the bits outside tidy give, and no block left behind`, async () => {
      const be = (await sharedWasmBackend(threads)) as Awaited<ReturnType<typeof sharedWasmBackend>> & { readonly residentBlocks: number };
      useBackend(be);
      const cases = loadPrograms(file);
      expect(cases.length).toBeGreaterThan(30);
      for (const c of cases) {
        const outside = results(c);
        const held = be.residentBlocks;
        const inside = tidy(() => results(c));
        expect(be.residentBlocks, `${c.name}: blocks left`).toBe(held);
        expect(inside.length).toBe(outside.length);
        inside.forEach((got, k) => {
          const want = outside[k]!;
          expect(got.length, `${c.name}: result ${k} length`).toBe(want.length);
          for (let i = 0; i < got.length; i++) {
            if (!Object.is(got[i], want[i])) expect.fail(`${c.name}: result ${k} element ${i} is ${got[i]} inside tidy, ${want[i]} outside`);
          }
        });
      }
    });
  }
});
