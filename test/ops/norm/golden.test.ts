/**
 * layerNorm, groupNorm and embedding against PyTorch (test/golden/tensor_ops.json) through the tape: output and
 * every gradient the case holds, float32 and float64, every backend. How each case calls its op:
 * test/helpers/op-calls/norm.ts.
 */
import { callFor } from "../../helpers/op-calls/index.js";
import { describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

describeTensorOps("norm and embedding ops against PyTorch", tensorOpCases(["layerNorm", "groupNorm", "embedding"]), callFor);
