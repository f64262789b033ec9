/**
 * avgPool2d, maxPool2d and interpolate against PyTorch (test/golden/tensor_ops.json) through the tape: output and
 * the gradient of x, float32 and float64, every backend. How each case calls its op: test/helpers/op-calls/image.ts.
 */
import { callFor } from "../../helpers/op-calls/index.js";
import { describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

describeTensorOps("image ops against PyTorch", tensorOpCases(["avgPool2d", "maxPool2d", "interpolate"]), callFor);
