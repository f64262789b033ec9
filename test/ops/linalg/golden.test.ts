/**
 * matmul and linear against PyTorch (test/golden/tensor_ops.json): every case through the tape (forward, then
 * backward with the file's gy), float32 and float64, on every backend. Shapes and params come from the file.
 */
import { linear } from "../../../src/ops/linalg/linear.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import { type AnyTensor, type CallOp, describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

function callFor(op: string): CallOp {
  switch (op) {
    case "matmul":
      return (inputs) => matmul(inputs.a!, inputs.b!) as AnyTensor;
    case "linear":
      return (inputs) => linear(inputs.x!, inputs.weight!, inputs.bias ?? null) as AnyTensor;
    default:
      throw new Error(`no caller for op ${op}`);
  }
}

describeTensorOps("linalg golden (PyTorch)", tensorOpCases(["matmul", "linear"]), callFor);
