import type { DTypeCheck } from "../../../types/ops/dtype-check.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { LinearBiasCheck, LinearShape, LinearWeightGuard, LinearXRank } from "../../../types/ops/linalg/linear.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import { affineBound } from "../../bounds/rule.js";
import { ShapeError } from "../../errors.js";
import { badRank } from "../../tensor/messages.js";
import { currentBackend } from "../../backend.js";
import { addRows } from "../../kernels/sum-rows.js";
import type { FloatArray } from "../../kernels/geometry.js";
import { giveScratch, takeScratch } from "../../tensor/scratch.js";
import { kernelData, type Tensor } from "../../tensor/tensor.js";
import { opOutput } from "../output.js";
import { requireDType } from "../dtype.js";
import type { ShapedResult, ShapeGuard } from "../result.js";
import { gemmInto, product, single } from "./gemm.js";
import { requireTensor } from "../tensor-arg.js";
import { linearBiasMismatch, linearInFeatures } from "./messages.js";

export type { LinearShape };

/** linear's shapes, checked once (the runtime twin of the types, same sentences, same order). */
export interface LinearPlan {
  readonly outShape: number[];
  /** Rows: the product of x's leading axes (1 for a 1-D x). */
  readonly rows: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

export function planLinear(xShape: readonly number[], wShape: readonly number[], bShape: readonly number[] | null): LinearPlan {
  if (xShape.length === 0) throw new ShapeError(badRank("linear", "x", "(..., in_features)", 0));
  if (wShape.length !== 2) throw new ShapeError(badRank("linear", "weight", "(out_features, in_features)", wShape.length));
  const [outFeatures, inFeatures] = wShape as [number, number];
  const xIn = xShape[xShape.length - 1]!;
  if (inFeatures !== xIn) throw new ShapeError(linearInFeatures(inFeatures, xIn));
  if (bShape !== null) {
    if (bShape.length !== 1) throw new ShapeError(badRank("linear", "bias", "(out_features)", bShape.length));
    if (bShape[0] !== outFeatures) throw new ShapeError(linearBiasMismatch(bShape[0]!, outFeatures));
  }
  const lead = xShape.slice(0, -1);
  return { outShape: [...lead, outFeatures], rows: lead.reduce((x, y) => x * y, 1), inFeatures, outFeatures };
}

/**
 * y = x · weightᵀ + bias, as torch.nn.functional.linear: x `(..., in_features)` with any leading axes (none
 * included), weight `(out_features, in_features)`, bias `(out_features)` or none; y `(..., out_features)`.
 * One GEMM reading the weight transposed in place. A mismatch is a compile error at the argument that is
 * wrong, e.g. `"linear: weight axis 1 (in_features) and x's last axis must match: 400 vs 392"`, and the same
 * ShapeError at run time for `number` sizes.
 */
export function linear<XS extends Shape, WS extends Shape, D extends DType, WD extends DType = D, BS extends Shape = [WS[0]], BD extends DType = D>(
  x: Tensor<XS, D> & ShapeGuard<LinearXRank<XS>>,
  weight: Tensor<WS, WD> & LinearWeightGuard<XS, WS, D, WD>,
  bias?: (Tensor<BS, BD> & FirstMessage<[LinearBiasCheck<WS, BS>, DTypeCheck<"linear", "bias", "x", D, BD>]>) | null,
): ShapedResult<LinearShape<XS, WS>, D> {
  return runLinear(x as Tensor<Shape, D>, weight as Tensor<Shape, DType>, (bias ?? null) as Tensor<Shape, DType> | null) as ShapedResult<
    LinearShape<XS, WS>,
    D
  >;
}

/**
 * relu(linear(x, weight, bias)) as one op, for layers that have checked their shapes (TransformerEncoderLayer's
 * feed-forward): the product's kernel applies the relu before its result leaves it, and the VJP masks gy by y > 0
 * (relu's rule, NaN passing) before the products, so the pre-activation is never stored. Messages name `linear`.
 */
export function linearRelu<D extends DType>(x: Tensor<Shape, D>, weight: Tensor<Shape, DType>, bias: Tensor<Shape, DType> | null): Tensor<Shape, D> {
  return runLinear(x, weight, bias, true);
}

function runLinear<D extends DType>(
  x: Tensor<Shape, D>,
  weight: Tensor<Shape, DType>,
  bias: Tensor<Shape, DType> | null,
  relu = false,
): Tensor<Shape, D> {
  requireTensor("linear", "x", x);
  requireTensor("linear", "weight", weight);
  if (bias !== null) requireTensor("linear", "bias", bias);
  const p = planLinear(x.shape, weight.shape, bias === null ? null : bias.shape);
  requireDType("linear", "weight", "x", x.dtype, weight.dtype);
  if (bias !== null) requireDType("linear", "bias", "x", x.dtype, bias.dtype);
  const dtype = x.dtype;
  const { rows, inFeatures, outFeatures } = p;
  const y = product(p.outShape, single(rows, outFeatures, inFeatures, false, true), x, weight, bias, relu);
  return record(
    relu ? "linearRelu" : "linear",
    y,
    [x, weight, bias],
    (gy, needsGrad) => {
      const heap = currentBackend().residentHeap;
      const dx = needsGrad[0] ? opOutput(dtype, x.size, heap) : null;
      const dw = needsGrad[1] ? opOutput(dtype, weight.size, heap) : null;
      const db = needsGrad[2] ? opOutput(dtype, outFeatures, heap) : null;
      const data = (t: Tensor<Shape, DType>) => kernelData(t, heap);
      linearGradients(p, dtype, data(x), data(weight), data(gy), relu ? data(y) : null, dx?.array ?? null, dw?.array ?? null, db?.array ?? null);
      return [dx?.tensor(x.shape), dw?.tensor(weight.shape), db?.tensor([outFeatures])];
    },
    // linearRelu has no bound rule of its own (a bounded model uses linear and relu, which have)
    relu
      ? undefined
      : () =>
          affineBound({
            // each output: in_features products and the bias
            apply: ([v, w, b]) => runLinear(v!, w!, b ?? null),
            rounding: inFeatures + 1,
            affineIn: (p) => (p[1] || p[2] ? "its weight or bias depends on the input" : null),
          }),
  );
}

/**
 * linear's gradients for upstream gy into those given (dx, dw, db): with reluY (linearRelu's output), gy first
 * masked as reluBackward masks it (g); then dx = g · weight, dW = gᵀ · x (the sum over every leading axis is the
 * GEMM's inner sum), dbias = g's rows summed (`addRows`, as sumTo sums a bias's gradient). One backend call when the
 * backend fuses them.
 */
function linearGradients(
  p: LinearPlan,
  dtype: DType,
  x: FloatArray,
  w: FloatArray,
  gy: FloatArray,
  reluY: FloatArray | null,
  dx: FloatArray | null,
  dw: FloatArray | null,
  db: FloatArray | null,
): void {
  const { rows, inFeatures, outFeatures } = p;
  const backend = currentBackend();
  if (backend.linearBackward?.(rows, inFeatures, outFeatures, x, w, gy, reluY, dx, dw, db) === true) return;
  // relu's mask first: the op's own buffer (scratch), given back once the products have read it
  const g = reluY === null ? gy : takeScratch(dtype, gy.length);
  if (reluY !== null) backend.reluBackward(reluY, gy, g);
  if (dx !== null && dx.length > 0) gemmInto(single(rows, inFeatures, outFeatures, false, false), g, w, null, dx);
  if (dw !== null && dw.length > 0) gemmInto(single(outFeatures, inFeatures, rows, true, false), g, x, null, dw);
  if (db !== null) {
    const acc = new Float64Array(outFeatures);
    addRows(g, 0, rows, outFeatures, acc);
    db.set(acc);
  }
  if (reluY !== null) giveScratch(g);
}
