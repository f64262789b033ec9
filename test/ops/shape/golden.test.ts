/**
 * The shape ops against PyTorch (test/golden/tensor_ops.json): forward and every input's gradient through the
 * tape, float32 and float64, every backend. How each case calls its op: test/helpers/op-calls/shape.ts.
 */
import { callFor } from "../../helpers/op-calls/index.js";
import { describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

describeTensorOps(
  "shape ops (golden)",
  tensorOpCases(["transpose", "permute", "reshape", "flatten", "unsqueeze", "squeeze", "narrow", "cat", "stack"]),
  callFor,
);
