/**
 * Runs cases of test/golden/tensor_ops.json through the tape under vitest: every input a tensor (requiring grad
 * unless the case lists it in `noGrad`), the op, the output compared, `backward(gy)`, every gradient the case holds
 * compared, in float32 and float64, on every backend under test. Every shape and parameter comes from the file.
 * The run itself is test/helpers/op-calls/run-case.ts (shared with the browser page); this file judges it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { DType } from "../../types/tensor/shape.js";
import { backendsUnderTest } from "./backends.js";
import { expectClose, loadGolden } from "./golden.js";
import { type CallOp, runTensorOpCase, type TensorOpCase, tensorOpDTypes } from "./op-calls/run-case.js";

export type { AnyTensor, CallOp, TensorOpCase } from "./op-calls/run-case.js";

/** Every case of tensor_ops.json whose op is one of `ops`. */
export function tensorOpCases(ops: readonly string[]): TensorOpCase[] {
  return (loadGolden("tensor_ops.json") as TensorOpCase[]).filter((c) => ops.includes(c.op));
}

/**
 * One describe per backend and dtype, one test per case: forward, then `backward(gy)`, then each gradient in
 * the case's `grads` against the input's `.grad`; inputs without a gradient in the file must get none.
 */
export function describeTensorOps(title: string, cases: readonly TensorOpCase[], call: (op: string) => CallOp): void {
  describe(title, () => {
    it("the file has cases for these ops", () => expect(cases.length).toBeGreaterThan(0));
  });
  for (const entry of backendsUnderTest) {
    for (const dtype of tensorOpDTypes) {
      describe(`${title} [${entry.name}, ${dtype}]`, () => {
        const before = currentBackend();
        afterAll(() => {
          useBackend(before);
        });
        for (const c of cases) {
          it(`${c.op} ${c.name}`, async () => {
            useBackend(await entry.create());
            runCase(c, dtype, call(c.op));
          });
        }
      });
    }
  }
}

export function runCase(c: TensorOpCase, dtype: DType, call: CallOp): void {
  const { output: y, grads } = runTensorOpCase(c, dtype, call);
  expect(y.shape, `${c.op} ${c.name}: output shape`).toEqual(c.output!.shape);
  expect(y.dtype).toBe(dtype);
  expectClose(y.data, c.output!, `${c.op} ${c.name} output`);
  for (const [name, got] of Object.entries(grads)) {
    const want = c.grads?.[name];
    if (want === undefined) {
      expect(got, `${c.op} ${c.name}: ${name} has no gradient in the file`).toBeNull();
      continue;
    }
    expect(got, `${c.op} ${c.name}: grad of ${name}`).not.toBeNull();
    expect(got!.shape).toEqual(want.shape);
    expectClose(got!.data, want, `${c.op} ${c.name} grad ${name}`);
  }
}
