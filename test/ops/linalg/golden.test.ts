/**
 * matmul and linear against PyTorch (test/golden/tensor_ops.json): every case through the tape (forward, then
 * backward with the file's gy), float32 and float64, on every backend. How each case calls its op:
 * test/helpers/op-calls/linalg.ts.
 */
import { callFor } from "../../helpers/op-calls/index.js";
import { describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

describeTensorOps("linalg golden (PyTorch)", tensorOpCases(["matmul", "linear"]), callFor);
