/**
 * The losses against PyTorch (test/golden/tensor_ops.json) through the tape: forward, backward(gy), every
 * gradient the file holds (targets' too), float32 and float64, every backend. The calls, which read every param
 * of a case, are in test/helpers/op-calls/losses.ts (shared with the browser page).
 */
import { callFor } from "../../helpers/op-calls/index.js";
import { describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

const ops = ["crossEntropy", "nllLoss", "bceWithLogits", "mse", "huber", "smoothL1"];

describeTensorOps("losses (golden tensor_ops.json)", tensorOpCases(ops), callFor);
