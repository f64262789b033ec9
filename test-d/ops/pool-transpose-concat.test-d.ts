import { expectError, expectType } from "tsd";
import { concat, concatBackward } from "../../src/ops/concat.js";
import { convTranspose2d, convTranspose2dBackward } from "../../src/ops/conv-transpose2d.js";
import { maxPool2d, maxPool2dBackward, maxPool2dWithIndices } from "../../src/ops/max-pool2d.js";
import { relu, reluBackward } from "../../src/ops/relu.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";

// maxPool2d: stride defaults to the kernel; ceil mode; padding; batch.
expectType<Tensor<[64, 286, 286]>>(maxPool2d(zeros([64, 572, 572]), { kernel: 2 }));
expectType<Tensor<[3, 3, 4]>>(maxPool2d(zeros([3, 7, 9]), { kernel: 2 }));
expectType<Tensor<[3, 4, 5]>>(maxPool2d(zeros([3, 7, 9]), { kernel: 2, ceilMode: true }));
expectType<Tensor<[2, 3, 5, 4]>>(maxPool2d(zeros([2, 3, 9, 8]), { kernel: 3, stride: 2, padding: 1 }));
expectType<Tensor<[1, 2048, 2048]>>(maxPool2d(zeros([1, 4096, 4096]), { kernel: [2, 2], stride: [2, 2] }));
expectError(maxPool2d(zeros([3, 8, 8]), { kernel: 2, padding: 2 }));
expectError(maxPool2d(zeros([3, 1, 8]), { kernel: 2 }));
const pooled = maxPool2dWithIndices(zeros([3, 8, 8]), { kernel: 2 });
expectType<Tensor<[3, 4, 4]>>(pooled.output);
expectType<Tensor<[3, 8, 8]>>(maxPool2dBackward(pooled.output, pooled.saved));

// convTranspose2d: weight (inC, outC, kH, kW).
const up = convTranspose2d(zeros([128, 4, 4]), zeros([128, 64, 2, 2]), zeros([64]), { stride: 2 });
expectType<Tensor<[64, 8, 8]>>(up);
expectType<Tensor<[3, 8, 10]>>(convTranspose2d(zeros([2, 4, 5]), zeros([2, 3, 3, 3]), null, { stride: 2, padding: 1, outputPadding: 1 }));
expectType<Tensor<[2, 64, 8, 8]>>(convTranspose2d(zeros([2, 128, 4, 4]), zeros([128, 64, 2, 2]), null, { stride: 2 }));
expectError(convTranspose2d(zeros([64, 4, 4]), zeros([128, 64, 2, 2]), null, { stride: 2 }));
expectError(convTranspose2d(zeros([128, 4, 4]), zeros([128, 64, 2, 2]), zeros([128]), { stride: 2 }));
expectError(convTranspose2d(zeros([2, 4, 5]), zeros([2, 3, 3, 3]), null, { stride: 2, outputPadding: 2 }));
const gT = convTranspose2dBackward(zeros([128, 4, 4]), zeros([128, 64, 2, 2]), up, { stride: 2 });
expectType<Tensor<[128, 4, 4]>>(gT.dx);
expectType<Tensor<[128, 64, 2, 2]>>(gT.dWeight);
expectType<Tensor<[64]> | null>(gT.dBias);

// relu keeps the shape.
expectType<Tensor<[2, 3, 4]>>(relu(zeros([2, 3, 4])));
expectType<Tensor<[2, 3, 4]>>(reluBackward(zeros([2, 3, 4]), zeros([2, 3, 4])));
expectError(reluBackward(zeros([2, 3, 4]), zeros([2, 3, 5])));

// concat adds up the joined axis and checks the others.
const skip = zeros([64, 8, 8]);
expectType<Tensor<[128, 8, 8]>>(concat([skip, up], 0));
expectType<Tensor<[2, 5, 8, 8]>>(concat([zeros([2, 2, 8, 8]), zeros([2, 3, 8, 8])], 1));
expectType<Tensor<[6, 8, 8]>>(concat([zeros([1, 8, 8]), zeros([2, 8, 8]), zeros([3, 8, 8])], 0));
expectType<Tensor<[64, 16, 8]>>(concat([skip, skip], 1));
expectError(concat([zeros([64, 7, 8]), zeros([64, 6, 8])], 0));
expectError(concat([zeros([64, 8, 8]), zeros([64, 8])], 0));
const [da, db] = concatBackward(zeros([128, 8, 8]), [skip, up] as const, 0);
expectType<Tensor<[64, 8, 8]>>(da);
expectType<Tensor<[64, 8, 8]>>(db);
