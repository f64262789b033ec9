import { expectError, expectType } from "tsd";
import { conv2dRelu } from "../../src/ops/conv2d-relu.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";

const x = zeros([3, 8, 8]);
const w = zeros([4, 3, 3, 3]);
const b = zeros([4]);

// conv2d's shapes, the relu changes none.
expectType<Tensor<[4, 8, 8]>>(conv2dRelu(x, w, b, { padding: 1 }));
expectType<Tensor<[4, 6, 6]>>(conv2dRelu(x, w, b));
expectType<Tensor<[4, 4, 4]>>(conv2dRelu(x, w, null, { stride: 2, padding: 1 }));
expectType<Tensor<[2, 4, 8, 8]>>(conv2dRelu(zeros([2, 3, 8, 8]), w, b, { padding: 1 }));
expectType<Tensor<[4, 8, 8], "float64">>(conv2dRelu(zeros([3, 8, 8], { dtype: "float64" }), zeros([4, 3, 3, 3], { dtype: "float64" }), null, { padding: 1 }));
declare const n: number;
expectType<Tensor<[4, number, 8]>>(conv2dRelu(zeros([3, n, 8]), w, b, { padding: 1 }));

// conv2d's mistakes are compile errors here too.
expectError(conv2dRelu(zeros([2, 8, 8]), w, b));
expectError(conv2dRelu(x, w, zeros([5])));
expectError(conv2dRelu(x, w, b, { stride: 0 }));
expectError(conv2dRelu(zeros([8, 8]), w, b));
expectError(conv2dRelu(x, zeros([4, 3, 3]), b));
expectError(conv2dRelu(x, w, b, { padding: 1, groups: 2 }));
expectError(conv2dRelu(x, zeros([4, 3, 3, 3], { dtype: "float64" }), b));
