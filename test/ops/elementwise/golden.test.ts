/**
 * The elementwise ops against PyTorch (test/golden/tensor_ops.json): every case through the tape (forward, then
 * backward with the file's gy), float32 and float64, on every backend. How each case calls its op:
 * test/helpers/op-calls/elementwise.ts.
 */
import { callFor } from "../../helpers/op-calls/index.js";
import { describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

describeTensorOps(
  "elementwise golden (PyTorch)",
  tensorOpCases(["add", "sub", "mul", "div", "sigmoid", "tanh", "gelu", "leakyRelu", "silu", "softplus", "elu"]),
  callFor,
);
