/** How the linalg cases of test/golden/tensor_ops.json (matmul, linear) and attention.json call their ops. */
import { scaledDotProductAttention } from "../../../src/ops/linalg/attention.js";
import { linear } from "../../../src/ops/linalg/linear.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import type { AnyTensor, CallOp } from "./run-case.js";

export const linalgCalls: Readonly<Record<string, CallOp>> = {
  matmul: (inputs) => matmul(inputs.a!, inputs.b!) as AnyTensor,
  linear: (inputs) => linear(inputs.x!, inputs.weight!, inputs.bias ?? null) as AnyTensor,
  scaledDotProductAttention: (inputs, params) => {
    const mask = inputs.attnMask ?? null;
    // the file's mask is finite (JSON has no -inf): key `blockKey` is forbidden to every query, and query
    // `blockQuery` every key
    const blockKey = params["blockKey"];
    const blockQuery = params["blockQuery"];
    if (mask !== null && typeof blockKey === "number") {
      const s = mask.shape[mask.shape.length - 1]!;
      for (let i = blockKey; i < mask.data.length; i += s) mask.data[i] = Number.NEGATIVE_INFINITY;
    }
    if (mask !== null && typeof blockQuery === "number") {
      const s = mask.shape[mask.shape.length - 1]!;
      const l = mask.shape[mask.shape.length - 2]!;
      for (let row = blockQuery; row * s < mask.data.length; row += l) mask.data.fill(Number.NEGATIVE_INFINITY, row * s, (row + 1) * s);
    }
    const scale = params["scale"];
    return scaledDotProductAttention(inputs.query!, inputs.key!, inputs.value!, {
      attnMask: mask,
      isCausal: params["isCausal"] === true,
      ...(typeof scale === "number" ? { scale } : {}),
    }) as AnyTensor;
  },
};
