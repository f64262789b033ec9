/**
 * Runs one case of test/golden/tensor_ops.json through the tape, without judging it: builds every input as a
 * tensor (requiring grad unless the case lists it in `noGrad`), calls the op, runs `backward(gy)` and returns the
 * output and each input's gradient. Free of Node and vitest so the browser page runs the same code
 * (test/browser/page/golden-suite.ts); test/helpers/tensor-ops.ts wraps it in vitest's expectations.
 */
import { type Tensor, tensor } from "../../../src/tensor/tensor.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import type { GoldenCase, GoldenTensor } from "../golden.js";

export type AnyTensor = Tensor<Shape, DType>;

export interface TensorOpCase extends GoldenCase {
  readonly intInputs?: readonly string[];
  readonly noGrad?: readonly string[];
  readonly note?: string;
}

/** How one case calls its op: from the case's inputs (as tensors) and params to the output tensor. */
export type CallOp = (inputs: Readonly<Record<string, AnyTensor>>, params: Readonly<Record<string, unknown>>, c: TensorOpCase) => AnyTensor;

export const tensorOpDTypes: readonly DType[] = ["float32", "float64"];

/** The golden tensor in dtype `dtype` (shape and data from the file). */
export function goldenTensor(t: GoldenTensor, dtype: DType, requiresGrad = false): AnyTensor {
  return tensor(t.shape as Shape as [number], t.data, { dtype, requiresGrad }) as AnyTensor;
}

export interface TensorOpRun {
  readonly output: AnyTensor;
  /** Every input's `.grad` after `backward(gy)`, by input name (null: it got none). */
  readonly grads: Readonly<Record<string, AnyTensor | null>>;
}

/** Forward, then `backward(gy)`; throws when the case has no output or gy to compare against. */
export function runTensorOpCase(c: TensorOpCase, dtype: DType, call: CallOp): TensorOpRun {
  if (c.output === undefined || c.gy === undefined) throw new Error(`${c.op} ${c.name}: no output or gy`);
  const noGrad = new Set(c.noGrad ?? []);
  const inputs: Record<string, AnyTensor> = {};
  for (const [name, t] of Object.entries(c.inputs)) inputs[name] = goldenTensor(t, dtype, !noGrad.has(name));
  const output = call(inputs, c.params, c);
  output.backward(goldenTensor(c.gy, dtype));
  const grads: Record<string, AnyTensor | null> = {};
  for (const [name, t] of Object.entries(inputs)) grads[name] = t.grad;
  return { output, grads };
}
