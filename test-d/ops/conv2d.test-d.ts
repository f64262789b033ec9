import { expectError, expectType } from "tsd";
import { conv2d, conv2dBackward } from "../../src/ops/conv2d.js";
import { type Tensor, randn, zeros } from "../../src/tensor/tensor.js";

const x = zeros([3, 8, 8]);
const w = zeros([4, 3, 3, 3]);
const b = zeros([4]);

// The example: no annotation from the user.
expectType<Tensor<[4, 8, 8]>>(conv2d(x, w, b, { padding: 1 }));
expectType<Tensor<[4, 6, 6]>>(conv2d(x, w, b));
expectType<Tensor<[4, 4, 4]>>(conv2d(x, w, null, { stride: 2, padding: 1 }));
expectType<Tensor<[4, 8, 6]>>(conv2d(x, w, b, { padding: [1, 0] }));
expectType<Tensor<[4, 4, 10]>>(conv2d(x, w, b, { padding: [0, 2], dilation: [2, 1] }));
expectType<Tensor<[2, 4, 8, 8]>>(conv2d(zeros([2, 3, 8, 8]), w, b, { padding: 1 }));
expectType<Tensor<[4, 572, 572]>>(conv2d(zeros([3, 572, 572]), w, b, { padding: 1 }));
expectType<Tensor<[64, 4096, 4096]>>(conv2d(zeros([3, 4096, 4096]), zeros([64, 3, 3, 3]), null, { padding: 1 }));
expectType<Tensor<[4, 8, 8], "float64">>(conv2d(zeros([3, 8, 8], { dtype: "float64" }), zeros([4, 3, 3, 3], { dtype: "float64" }), null, { padding: 1 }));

// Rectangular kernels.
expectType<Tensor<[2, 6, 8]>>(conv2d(x, zeros([2, 3, 3, 1]), null));

// Same padding holds for a generic H.
function same<H extends number, W extends number>(img: Tensor<[3, H, W]>): Tensor<[4, H, W]> {
  return conv2d(img, w, b, { padding: 1 });
}
expectType<Tensor<[4, 10, 12]>>(same(zeros([3, 10, 12])));

// Dynamic sizes flow through as number.
declare const n: number;
expectType<Tensor<[4, number, 8]>>(conv2d(zeros([3, n, 8]), w, b, { padding: 1 }));

// Mismatches are compile errors.
expectError(conv2d(zeros([2, 8, 8]), w, b));
expectError(conv2d(x, w, zeros([5])));
expectError(conv2d(zeros([3, 2, 8]), w, b));
expectError(conv2d(x, w, b, { stride: 0 }));
expectError(conv2d(zeros([8, 8]), w, b));
expectError(conv2d(x, zeros([4, 3, 3]), b));

// Backward returns gradients with the forward's shapes.
const y = conv2d(x, w, b, { padding: 1 });
const g = conv2dBackward(x, w, randn([4, 8, 8], { seed: 1 }), { padding: 1 });
expectType<Tensor<[3, 8, 8]>>(g.dx);
expectType<Tensor<[4, 3, 3, 3]>>(g.dWeight);
expectType<Tensor<[4]> | null>(g.dBias);
expectError(conv2dBackward(x, w, zeros([4, 8, 7]), { padding: 1 }));
void y;
