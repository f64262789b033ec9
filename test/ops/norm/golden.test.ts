/**
 * layerNorm, groupNorm and embedding against PyTorch (test/golden/tensor_ops.json) through the tape: output and
 * every gradient the case holds, float32 and float64, every backend. Every parameter is read from the case; weight
 * and bias are passed only when the case has them.
 */
import { embedding } from "../../../src/ops/norm/embedding.js";
import { groupNorm } from "../../../src/ops/norm/group-norm.js";
import { layerNorm } from "../../../src/ops/norm/layer-norm.js";
import { type CallOp, describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

function num(params: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const v = params[key];
  return v === undefined || v === null ? undefined : Number(v);
}

const callLayerNorm: CallOp = (inputs, params) => {
  const ns = params["normalizedShape"];
  const normalizedShape: number[] = Array.isArray(ns) ? ns.map(Number) : [Number(ns)];
  return layerNorm(inputs["x"]!, normalizedShape, inputs["weight"] ?? null, inputs["bias"] ?? null, { eps: num(params, "eps") });
};

const callGroupNorm: CallOp = (inputs, params) =>
  groupNorm(inputs["x"]!, num(params, "numGroups")!, inputs["weight"] ?? null, inputs["bias"] ?? null, { eps: num(params, "eps") });

const callEmbedding: CallOp = (inputs, params) => embedding(inputs["weight"]!, inputs["indices"]!, { paddingIdx: num(params, "paddingIdx") ?? null });

function callFor(op: string): CallOp {
  switch (op) {
    case "layerNorm":
      return callLayerNorm;
    case "groupNorm":
      return callGroupNorm;
    case "embedding":
      return callEmbedding;
    default:
      throw new Error(`no caller for ${op}`);
  }
}

describeTensorOps("norm and embedding ops against PyTorch", tensorOpCases(["layerNorm", "groupNorm", "embedding"]), callFor);
