import { expectError, expectType } from "tsd";
import { concat, concatBackward } from "../../src/ops/concat.js";
import { convTranspose2d, convTranspose2dBackward } from "../../src/ops/conv-transpose2d.js";
import { conv2d, conv2dBackward } from "../../src/ops/conv2d.js";
import { maxPool2d, maxPool2dBackward, maxPool2dWithIndices } from "../../src/ops/max-pool2d.js";
import { relu, reluBackward } from "../../src/ops/relu.js";
import { type Tensor, tensor, zeros } from "../../src/tensor/tensor.js";
import type { DType } from "../../types/tensor/shape.js";

declare const n: number;
const x = zeros([3, 8, 8]);
const w = zeros([4, 3, 3, 3]);

// Every hyperparameter as a number or [h, w], rectangular kernels, batched or not: no annotation needed.
expectType<Tensor<[2, 4, 4, 2]>>(conv2d(zeros([2, 3, 9, 8]), zeros([4, 3, 5, 3]), zeros([4]), { stride: [2, 3], padding: [1, 0], dilation: [1, 2] }));
expectType<Tensor<[4, 4, 8]>>(conv2d(x, zeros([4, 3, 1, 3]), null, { stride: [2, 1], padding: [0, 1] }));
expectType<Tensor<[3, 3, 2]>>(maxPool2d(zeros([3, 7, 9]), { kernel: [2, 3], stride: [2, 4], dilation: [1, 2] }));
expectType<Tensor<[5, 3, 4, 3]>>(maxPool2d(zeros([5, 3, 7, 5]), { kernel: [3, 2], stride: 2, padding: [1, 0], ceilMode: true }));
expectType<Tensor<[2, 6, 7]>>(convTranspose2d(zeros([4, 3, 3]), zeros([4, 2, 3, 3]), null, { stride: [2, 1], padding: [1, 0], outputPadding: [1, 0], dilation: [1, 2] }));
expectType<Tensor<[1, 2, 8, 8]>>(convTranspose2d(zeros([1, 4, 4, 4]), zeros([4, 2, 2, 2]), zeros([2]), { stride: 2 }));

// `number` sizes and hyperparameters propagate as `number`, and are not errors (checked at run time).
const dynamic = tensor<number[]>([3, 8, 8], new Float32Array(192));
expectType<Tensor<[4, number, number]>>(conv2d(x, w, null, { stride: n }));
expectType<Tensor<[4, number, 3]>>(conv2d(x, w, null, { stride: [n, 2] }));
expectType<Tensor<[number, 4, number, 8]>>(conv2d(zeros([n, 3, n, 8]), w, null, { padding: 1 }));
expectType<Tensor<[4, 6, 6]>>(conv2d(x, zeros([4, n, 3, 3]), null));
expectType<Tensor<[...number[], 4, number, number]>>(conv2d(dynamic, w, null, { padding: 1 }));
expectType<Tensor<[...number[], number, number, number]>>(maxPool2d(dynamic, { kernel: 2 }));
expectType<Tensor<[3, number, 4]>>(maxPool2d(zeros([3, n, 8]), { kernel: 2 }));
expectType<Tensor<[2, number, number]>>(convTranspose2d(zeros([4, n, n]), zeros([4, 2, 2, 2]), null, { stride: 2 }));
expectType<Tensor<[5, number, 4]>>(concat([zeros([2, n, 4]), zeros([3, 5, 4])], 0));
expectType<Tensor<number[]>>(concat([dynamic, x], 0));
expectType<Tensor<[number, number, number]>>(concat([x, x], n));

// concat: a negative axis counts from the end (torch.cat's dim wrapping); a union of axes gives the union of the results.
expectType<Tensor<[3, 8, 16]>>(concat([x, x], -1));
expectType<Tensor<[6, 8, 8]>>(concat([x, x], -3));
expectType<Tensor<[6, 8, 8]> | Tensor<[3, 16, 8]>>(concat([x, x], 0 as 0 | 1));
expectType<Tensor<[3, 8, 8]>>(concat([x], 0));

// dtype: every tensor of a call has x's dtype; generic code with one D passes.
const x64 = zeros([3, 8, 8], { dtype: "float64" });
expectError(conv2d(x, zeros([4, 3, 3, 3], { dtype: "float64" })));
expectError(conv2d(x, w, zeros([4], { dtype: "float64" })));
expectError(convTranspose2d(x64, zeros([3, 2, 2, 2]), null, { stride: 2 }));
expectError(concat([x, x64], 0));
expectError(conv2dBackward(x, w, zeros([4, 6, 6], { dtype: "float64" })));
expectError(reluBackward(zeros([3, 8, 8]), x64));
function generic<D extends DType>(img: Tensor<[3, 8, 8], D>, weight: Tensor<[4, 3, 3, 3], D>, bias: Tensor<[4], D>): Tensor<[8, 8, 8], D> {
  const y = relu(conv2d(img, weight, bias, { padding: 1 }));
  const g = conv2dBackward(img, weight, reluBackward(y, y), { padding: 1 });
  expectType<Tensor<[3, 8, 8], D>>(g.dx);
  const pooled = maxPool2dWithIndices(y, { kernel: 2 });
  expectType<Tensor<[4, 8, 8], D>>(maxPool2dBackward(pooled.output, pooled.saved));
  return concat([y, y], 0);
}
expectType<Tensor<[8, 8, 8], "float64">>(generic(x64, zeros([4, 3, 3, 3], { dtype: "float64" }), zeros([4], { dtype: "float64" })));

// Backward: dy must be the forward output's shape; the gradients have the inputs' shapes.
const pooled = maxPool2dWithIndices(zeros([2, 3, 8, 8]), { kernel: 2 });
expectType<Tensor<[2, 3, 4, 4]>>(pooled.output);
expectType<Tensor<[2, 3, 8, 8]>>(maxPool2dBackward(zeros([2, 3, 4, 4]), pooled.saved));
expectError(maxPool2dBackward(zeros([2, 3, 4, 5]), pooled.saved));
expectError(maxPool2dBackward(zeros([3, 4, 4]), pooled.saved));
const gT = convTranspose2dBackward(zeros([4, 3, 3]), zeros([4, 2, 3, 3]), zeros([2, 5, 5]), {});
expectType<Tensor<[4, 3, 3]>>(gT.dx);
expectType<Tensor<[4, 2, 3, 3]>>(gT.dWeight);
expectError(convTranspose2dBackward(zeros([4, 3, 3]), zeros([4, 2, 3, 3]), zeros([2, 5, 6]), {}));
expectError(conv2dBackward(zeros([2, 8, 8]), w, zeros([4, 6, 6])));
const [da, db] = concatBackward(zeros([5, 8, 8]), [zeros([2, 8, 8]), zeros([3, 8, 8])], -3);
expectType<Tensor<[2, 8, 8]>>(da);
expectType<Tensor<[3, 8, 8]>>(db);
expectError(concatBackward(zeros([5, 8, 9]), [zeros([2, 8, 8]), zeros([3, 8, 8])], 0));
expectError(concatBackward(zeros([5, 8, 8]), [zeros([2, 8, 8]), zeros([3, 8, 8])], 3));

// Mistakes are compile errors even through a generic-free chain: bad axis, empty list.
expectError(concat([x, x], 3));
expectError(concat([x, x], -4));
expectError(concat([], 0));

// Union inputs: the result is the union of the tensors, one per shape; a call fails if any alternative fails.
declare const pad: 0 | 1;
declare const either: Tensor<[3, 8, 8] | [3, 9, 9]>;
expectType<Tensor<[4, 6, 6]> | Tensor<[4, 7, 7]>>(conv2d(either, w, null));
// (the axes are computed separately, so a union hyperparameter also yields the mixed shapes: a superset)
expectType<Tensor<[4, 8, 8]> | Tensor<[4, 6, 6]> | Tensor<[4, 8, 6]> | Tensor<[4, 6, 8]>>(conv2d(x, w, null, { padding: pad }));
expectError(conv2d(zeros([3, 2, 2]), w, null, { padding: pad }));
expectError(conv2d(zeros([3, 8, 8]) as Tensor<[3, 8, 8] | [2, 8, 8]>, w, null));
expectError(maxPool2d(x, { kernel: 2 as 2 | 9 }));

// A joined axis past 2^53 - 1 is a message, not `never`.
expectError(concat([zeros([3, 9007199254740991]), zeros([3, 1])], 1));
