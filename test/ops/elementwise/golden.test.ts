/**
 * The elementwise ops against PyTorch (test/golden/tensor_ops.json): every case through the tape (forward, then
 * backward with the file's gy), float32 and float64, on every backend. Shapes and params come from the file:
 * `scalar` (the tensor on the left, a number on the right), `approximate`, `negativeSlope`, `beta`, `threshold`,
 * `alpha`.
 */
import { add, div, elu, gelu, leakyRelu, mul, sigmoid, silu, softplus, sub, tanh } from "../../../src/ops/elementwise/index.js";
import { type AnyTensor, type CallOp, describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

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

function callFor(op: string): CallOp {
  switch (op) {
    case "add":
      return binary((a, b) => add(a, b) as AnyTensor);
    case "sub":
      return binary((a, b) => sub(a, b) as AnyTensor);
    case "mul":
      return binary((a, b) => mul(a, b) as AnyTensor);
    case "div":
      return binary((a, b) => div(a, b) as AnyTensor);
    case "sigmoid":
      return (inputs) => sigmoid(inputs.x!);
    case "tanh":
      return (inputs) => tanh(inputs.x!);
    case "silu":
      return (inputs) => silu(inputs.x!);
    case "gelu":
      return (inputs, params) => {
        const approximate = params.approximate;
        if (approximate !== "none" && approximate !== "tanh") throw new Error(`gelu: approximate ${String(approximate)}`);
        return gelu(inputs.x!, { approximate });
      };
    case "leakyRelu":
      return (inputs, params) => leakyRelu(inputs.x!, { negativeSlope: param(params, "negativeSlope") });
    case "softplus":
      return (inputs, params) => softplus(inputs.x!, { beta: param(params, "beta"), threshold: param(params, "threshold") });
    case "elu":
      return (inputs, params) => elu(inputs.x!, { alpha: param(params, "alpha") });
    default:
      throw new Error(`no caller for op ${op}`);
  }
}

describeTensorOps(
  "elementwise golden (PyTorch)",
  tensorOpCases(["add", "sub", "mul", "div", "sigmoid", "tanh", "gelu", "leakyRelu", "silu", "softplus", "elu"]),
  callFor,
);
