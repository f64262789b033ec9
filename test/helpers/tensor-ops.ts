/**
 * Runs cases of test/golden/tensor_ops.json through the tape: builds every input as a tensor (requiring grad
 * unless the case lists it in `noGrad`), calls the op, compares the output, runs `backward(gy)` and compares
 * every gradient the case holds, in float32 and float64, on every backend under test. Every shape and parameter
 * comes from the file.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { backendsUnderTest } from "./backends.js";
import { expectClose, type GoldenCase, type GoldenTensor, loadGolden } from "./golden.js";

export type AnyTensor = Tensor<Shape, DType>;

export interface TensorOpCase extends GoldenCase {
  readonly intInputs?: readonly string[];
  readonly noGrad?: readonly string[];
  readonly note?: string;
}

/** Every case of tensor_ops.json whose op is one of `ops`. */
export function tensorOpCases(ops: readonly string[]): TensorOpCase[] {
  return (loadGolden("tensor_ops.json") as TensorOpCase[]).filter((c) => ops.includes(c.op));
}

/** The golden tensor in dtype `dtype` (shape and data from the file). */
export function goldenTensor(t: GoldenTensor, dtype: DType, requiresGrad = false): AnyTensor {
  return tensor(t.shape as Shape as [number], t.data, { dtype, requiresGrad }) as AnyTensor;
}

/** An integer-valued input (class or embedding indices) as plain numbers. */
export function goldenInts(t: GoldenTensor): number[] {
  return t.data.map((v) => Math.round(v));
}

/** How one case calls its op: from the case's inputs (as tensors) and params to the output tensor. */
export type CallOp = (inputs: Readonly<Record<string, AnyTensor>>, params: Readonly<Record<string, unknown>>, c: TensorOpCase) => AnyTensor;

const dtypes: readonly DType[] = ["float32", "float64"];

/**
 * One describe per backend and dtype, one test per case: forward, then `backward(gy)`, then each gradient in
 * the case's `grads` against the input's `.grad`; inputs without a gradient in the file must get none.
 */
export function describeTensorOps(title: string, cases: readonly TensorOpCase[], call: (op: string) => CallOp): void {
  describe(title, () => {
    it("the file has cases for these ops", () => expect(cases.length).toBeGreaterThan(0));
  });
  for (const entry of backendsUnderTest) {
    for (const dtype of dtypes) {
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
  const noGrad = new Set(c.noGrad ?? []);
  const inputs: Record<string, AnyTensor> = {};
  for (const [name, t] of Object.entries(c.inputs)) inputs[name] = goldenTensor(t, dtype, !noGrad.has(name));
  const y = call(inputs, c.params, c);
  if (c.output === undefined || c.gy === undefined) throw new Error(`${c.op} ${c.name}: no output or gy`);
  expect(y.shape, `${c.op} ${c.name}: output shape`).toEqual(c.output.shape);
  expect(y.dtype).toBe(dtype);
  expectClose(y.data, c.output, `${c.op} ${c.name} output`);
  y.backward(goldenTensor(c.gy, dtype));
  for (const [name, t] of Object.entries(inputs)) {
    const want = c.grads?.[name];
    if (want === undefined) {
      expect(t.grad, `${c.op} ${c.name}: ${name} has no gradient in the file`).toBeNull();
      continue;
    }
    expect(t.grad, `${c.op} ${c.name}: grad of ${name}`).not.toBeNull();
    expect(t.grad!.shape).toEqual(want.shape);
    expectClose(t.grad!.data, want, `${c.op} ${c.name} grad ${name}`);
  }
}
