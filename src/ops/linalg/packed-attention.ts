import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { ShapeError } from "../../errors.js";
import { currentBackend } from "../../backend.js";
import { kernelData, Tensor } from "../../tensor/tensor.js";
import { opOutput } from "../output.js";
import { type AttentionPlaces, attentionBackward, attentionForward, checkedMask, releaseProbs } from "./attention-core.js";
import type { MatrixPlace } from "./gemm.js";

const op = "MultiheadAttention";

/**
 * Self-attention over a packed projection, as PyTorch's native multi-head attention: `qkv` (B, T, 3E) holds
 * [q | k | v] along its last axis, head h reading columns h·E/heads .. of each part; the output (B, T, E) holds
 * head h's output in the same columns. The heads are addressed where they lie (strided products), so nothing is
 * transposed in or out, and the gradient of qkv is written in one (B, T, 3E) array. `attnMask` broadcasts to
 * (B, heads, T, T). MultiheadAttention's building block: it checks the shapes of what it passes.
 */
export function packedSelfAttention<D extends DType>(
  qkv: Tensor<Shape, D>,
  heads: number,
  attnMask: Tensor<Shape, D> | null,
  scale: number,
): Tensor<Shape, D> {
  const [b, t, e3] = qkv.shape as [number, number, number];
  if (qkv.shape.length !== 3 || e3 % (3 * heads) !== 0) {
    throw new ShapeError(`${op}: the packed projection must be (B, T, 3·E) with E divisible by ${heads} heads, got [${qkv.shape.join(", ")}]`);
  }
  const e = e3 / 3;
  const hd = e / heads;
  const scoresShape = [b, heads, t, t];
  const mask = attnMask === null ? null : checkedMask(op, "the mask", attnMask, qkv.dtype, scoresShape);
  const batch = b * heads;
  // product i = (batch row bi, head h): part `part` of the packed row, or the output's columns
  const place = (part: number, rowStride: number, width: number): MatrixPlace => {
    const offsets = new Int32Array(batch);
    for (let i = 0; i < batch; i++) offsets[i] = Math.floor(i / heads) * t * rowStride + part * width + (i % heads) * hd;
    return { offsets, rowStride };
  };
  const places: AttentionPlaces = {
    batch,
    l: t,
    s: t,
    e: hd,
    ev: hd,
    query: place(0, e3, e),
    key: place(1, e3, e),
    value: place(2, e3, e),
    output: place(0, e, e),
  };
  const dtype = qkv.dtype;
  // the heads' outputs (and later the parts of dqkv) cover every element: they may stay in the backend's memory
  const heap = currentBackend().residentHeap;
  const data = kernelData(qkv, heap);
  const out = opOutput(dtype, b * t * e, heap);
  const probs = attentionForward(dtype, places, data, data, data, out.array, scale, mask, false);
  const y = out.tensor([b, t, e]);
  const recorded = record(op, y, [qkv, attnMask], (gy, needsGrad, lastRun) => {
    const heap = currentBackend().residentHeap;
    const data = kernelData(qkv, heap);
    const dqkv = needsGrad[0] ? opOutput(dtype, qkv.size, heap) : null;
    const to =
      dqkv === null
        ? { query: null, key: null, value: null }
        : {
            query: { data: dqkv.array, place: places.query },
            key: { data: dqkv.array, place: places.key },
            value: { data: dqkv.array, place: places.value },
          };
    const dScores = attentionBackward(dtype, places, data, data, data, probs, kernelData(gy, heap), scale, to, needsGrad[1] === true);
    releaseProbs(probs, lastRun);
    return [dqkv === null ? null : dqkv.tensor(qkv.shape), dScores === null ? null : Tensor.wrap(scoresShape, dtype, dScores)];
  });
  releaseProbs(probs, recorded.gradFn === null);
  return recorded;
}
