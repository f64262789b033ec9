/**
 * How the norm cases of test/golden/tensor_ops.json (layerNorm, groupNorm, embedding) call their ops: weight and
 * bias are passed only when the case has them.
 */
import { embedding } from "../../../src/ops/norm/embedding.js";
import { groupNorm } from "../../../src/ops/norm/group-norm.js";
import { layerNorm } from "../../../src/ops/norm/layer-norm.js";
import type { CallOp } from "./run-case.js";

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

export const normCalls: Readonly<Record<string, CallOp>> = {
  layerNorm: callLayerNorm,
  groupNorm: callGroupNorm,
  embedding: callEmbedding,
};
