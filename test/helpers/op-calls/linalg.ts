/** How the linalg cases of test/golden/tensor_ops.json (matmul, linear) call their ops. */
import { linear } from "../../../src/ops/linalg/linear.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import type { AnyTensor, CallOp } from "./run-case.js";

export const linalgCalls: Readonly<Record<string, CallOp>> = {
  matmul: (inputs) => matmul(inputs.a!, inputs.b!) as AnyTensor,
  linear: (inputs) => linear(inputs.x!, inputs.weight!, inputs.bias ?? null) as AnyTensor,
};
