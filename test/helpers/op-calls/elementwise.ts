/**
 * How the elementwise cases of test/golden/tensor_ops.json call their ops. Params from the file: `scalar` (the
 * tensor on the left, a number on the right), `approximate`, `negativeSlope`, `beta`, `threshold`, `alpha`.
 */
import { add, div, elu, gelu, leakyRelu, mul, sigmoid, silu, softplus, sub, tanh } from "../../../src/ops/elementwise/index.js";
import type { AnyTensor, CallOp } from "./run-case.js";

function param(params: Readonly<Record<string, unknown>>, name: string): number {
  const v = params[name];
  if (typeof v !== "number") throw new Error(`param ${name} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

type Binary = (a: AnyTensor, b: AnyTensor | number) => AnyTensor;

/** a ∘ b, or a ∘ scalar when the case has `scalar` (then the file has no `b`). */
function binary(op: Binary): CallOp {
  return (inputs, params) => ("scalar" in params ? op(inputs.a!, param(params, "scalar")) : op(inputs.a!, inputs.b!));
}

export const elementwiseCalls: Readonly<Record<string, CallOp>> = {
  add: binary((a, b) => add(a, b) as AnyTensor),
  sub: binary((a, b) => sub(a, b) as AnyTensor),
  mul: binary((a, b) => mul(a, b) as AnyTensor),
  div: binary((a, b) => div(a, b) as AnyTensor),
  sigmoid: (inputs) => sigmoid(inputs.x!),
  tanh: (inputs) => tanh(inputs.x!),
  silu: (inputs) => silu(inputs.x!),
  gelu: (inputs, params) => {
    const approximate = params.approximate;
    if (approximate !== "none" && approximate !== "tanh") throw new Error(`gelu: approximate ${String(approximate)}`);
    return gelu(inputs.x!, { approximate });
  },
  leakyRelu: (inputs, params) => leakyRelu(inputs.x!, { negativeSlope: param(params, "negativeSlope") }),
  softplus: (inputs, params) => softplus(inputs.x!, { beta: param(params, "beta"), threshold: param(params, "threshold") }),
  elu: (inputs, params) => elu(inputs.x!, { alpha: param(params, "alpha") }),
};
