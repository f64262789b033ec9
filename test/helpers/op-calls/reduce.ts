/**
 * How the reduction cases of test/golden/tensor_ops.json call their ops: each case's `dim` (int, list or null),
 * `keepdim` and `correction` come from the file.
 */
import { amax, logSoftmax, logsumexp, mean, softmax, sum, variance } from "../../../src/ops/reduce/index.js";
import type { ReduceOptions, VarOptions } from "../../../types/ops/reduce/index.js";
import type { AnyTensor, CallOp } from "./run-case.js";

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

export const reduceCalls: Readonly<Record<string, CallOp>> = {
  sum: (inputs, params) => sum(inputs["x"]!, reduceOptions(params)),
  mean: (inputs, params) => mean(inputs["x"]!, reduceOptions(params)),
  amax: (inputs, params) => amax(inputs["x"]!, reduceOptions(params)),
  logsumexp: (inputs, params) => logsumexp(inputs["x"]!, reduceOptions(params)),
  var: (inputs, params) => variance(inputs["x"]!, varOptions(params)),
  softmax: (inputs, params): AnyTensor => softmax(inputs["x"]!, dimOf(params)),
  logSoftmax: (inputs, params): AnyTensor => logSoftmax(inputs["x"]!, dimOf(params)),
};
