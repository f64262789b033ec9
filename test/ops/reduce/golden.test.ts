/**
 * The reductions against PyTorch (test/golden/tensor_ops.json): forward and backward through the tape, float32 and
 * float64, every backend. How each case calls its op: test/helpers/op-calls/reduce.ts.
 */
import { callFor } from "../../helpers/op-calls/index.js";
import { describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

describeTensorOps("reductions vs PyTorch", tensorOpCases(["sum", "mean", "amax", "logsumexp", "var", "softmax", "logSoftmax"]), callFor);
