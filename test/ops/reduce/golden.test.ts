/**
 * The reductions against PyTorch (test/golden/tensor_ops.json): forward and backward through the tape, float32 and
 * float64, every backend. Each case's `dim` (int, list or null), `keepdim` and `correction` come from the file.
 */
import { amax, logSoftmax, logsumexp, mean, softmax, sum, variance } from "../../../src/ops/reduce/index.js";
import type { ReduceOptions, VarOptions } from "../../../types/ops/reduce/index.js";
import { type AnyTensor, type CallOp, describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

/** The case's `dim` and `keepdim` as the reductions' options (absent keys stay absent). */
function reduceOptions(params: Readonly<Record<string, unknown>>): ReduceOptions {
  const options: { dim?: number | number[] | null; keepdim?: boolean } = {};
  if ("dim" in params) options.dim = params["dim"] as number | number[] | null;
  if ("keepdim" in params) options.keepdim = params["keepdim"] as boolean;
  return options;
}

function varOptions(params: Readonly<Record<string, unknown>>): VarOptions {
  return "correction" in params ? { ...reduceOptions(params), correction: params["correction"] as number } : reduceOptions(params);
}

function dimOf(params: Readonly<Record<string, unknown>>): number {
  const dim = params["dim"];
  if (typeof dim !== "number") throw new Error(`dim must be a number, got ${JSON.stringify(dim)}`);
  return dim;
}

function callFor(op: string): CallOp {
  switch (op) {
    case "sum":
      return (inputs, params) => sum(inputs["x"]!, reduceOptions(params));
    case "mean":
      return (inputs, params) => mean(inputs["x"]!, reduceOptions(params));
    case "amax":
      return (inputs, params) => amax(inputs["x"]!, reduceOptions(params));
    case "logsumexp":
      return (inputs, params) => logsumexp(inputs["x"]!, reduceOptions(params));
    case "var":
      return (inputs, params) => variance(inputs["x"]!, varOptions(params));
    case "softmax":
      return (inputs, params): AnyTensor => softmax(inputs["x"]!, dimOf(params));
    case "logSoftmax":
      return (inputs, params): AnyTensor => logSoftmax(inputs["x"]!, dimOf(params));
    default:
      throw new Error(`no caller for ${op}`);
  }
}

describeTensorOps("reductions vs PyTorch", tensorOpCases(["sum", "mean", "amax", "logsumexp", "var", "softmax", "logSoftmax"]), callFor);
