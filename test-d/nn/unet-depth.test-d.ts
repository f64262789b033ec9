import { expectAssignable, expectError, expectType } from "tsd";
import { batchNorm2d, batchNorm2dBackward, createBatchNorm2d } from "../../src/ops/batch-norm2d.js";
import { createUNet } from "../../src/nn/unet.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";
import type { Shape } from "../../types/tensor/shape.js";
import type { UNetCheck } from "../../types/nn/unet.js";

// Depth L (L max-pools): H and W must be multiples of 2^L; the output keeps the input's size and batch axis.
const m2 = createUNet({ depth: 2, inC: 3, outC: 2, inH: 64, inW: 96, baseC: 8 });
expectType<Tensor<[2, 64, 96]>>(m2.forward(zeros([3, 64, 96])));
expectType<Tensor<[4, 2, 64, 96]>>(m2.forward(zeros([4, 3, 64, 96])));
const g2 = m2.backward(zeros([3, 64, 96]), zeros([2, 64, 96]));
expectType<Tensor<[3, 64, 96]>>(g2.dx);
expectType<Tensor<[16, 8, 2, 2]>>(g2.grads["up.1.upconv.weight"]);
expectType<Tensor<[32]>>(m2.params["down.2.conv2.bias"]);
expectError(m2.params["down.3.conv1.weight"]);
expectError(m2.params["down.0.bn1.weight"]);
expectError(m2.forward(zeros([4, 64, 96])));
expectError(m2.forward(zeros([3, 64, 64])));
expectError(m2.backward(zeros([3, 64, 96]), zeros([3, 64, 96])));

expectType<Tensor<[1, 4096, 4096]>>(createUNet({ depth: 5, inC: 1, outC: 1, inH: 4096, inW: 4096 }).forward(zeros([1, 4096, 4096])));
expectType<Tensor<[1, 6, 10], "float64">>(createUNet({ depth: 1, inC: 1, outC: 1, inH: 6, inW: 10, dtype: "float64" }).forward(zeros([1, 6, 10], { dtype: "float64" })));
expectType<Tensor<[2, 572, 572]>>(createUNet({ depth: 2, inC: 1, outC: 2, inH: 572, inW: 572 }).forward(zeros([1, 572, 572])));
expectError(createUNet({ depth: 3, inC: 1, outC: 2, inH: 572, inW: 572 }));

// Batch norm: its parameters replace the conv biases.
const bn = createUNet({ depth: 1, inC: 1, outC: 1, inH: 8, inW: 8, batchNorm: true });
expectType<Tensor<[64]>>(bn.params["up.0.bn2.weight"]);
expectError(bn.params["up.0.conv2.bias"]);
expectType<Tensor<Shape>>(bn.stateDict()["down.1.bn1.running_var"]);

// Each failing fact is the message.
expectType<"UNet depth 3: level 2 maxPool2d(2,2) gets an odd H (18 → 9); H must be divisible by 8">(null! as UNetCheck<3, 64, 3, 2, 18, 8>);
expectType<"UNet depth 5: level 3 maxPool2d(2,2) gets an odd W (4100 → 2050 → 1025); W must be divisible by 32">(
  null! as UNetCheck<5, 64, 3, 2, 4096, 4100>,
);
expectType<"UNet depth 1: level 1 maxPool2d(2,2) gets an odd H (7); H must be divisible by 2">(null! as UNetCheck<1, 4, 3, 2, 7, 8>);
expectType<"UNet depth 2: level 1 maxPool2d(2,2) gets an odd H (7); H must be divisible by 4">(null! as UNetCheck<2, 4, 3, 2, 7, 8>);
expectType<"UNet depth 4: level 4 maxPool2d(2,2) gets an odd W (8 → 4 → 2 → 1); W must be divisible by 16">(null! as UNetCheck<4, 64, 3, 2, 96, 8>);
expectType<"UNet depth 3: level 3 maxPool2d(2,2) gets an odd H (572 → 286 → 143); H must be divisible by 8">(null! as UNetCheck<3, 64, 3, 2, 572, 8>);
expectType<true>(null! as UNetCheck<4, 64, 3, 2, 96, 16>);
expectType<true>(null! as UNetCheck<5, 64, 3, 2, 32, 4096>);
expectType<true>(null! as UNetCheck<3, 64, 3, 2, number, number>);
expectType<"UNet: depth must be 1, 2, 3, 4 or 5, got 6">(null! as UNetCheck<6, 64, 3, 2, 64, 64>);
expectType<"UNet: depth must be 1, 2, 3, 4 or 5, got 0">(null! as UNetCheck<0, 64, 3, 2, 64, 64>);
expectType<"UNet: baseC must be > 0">(null! as UNetCheck<2, 0, 3, 2, 64, 64>);
expectType<"UNet: inH must be ≠ 0">(null! as UNetCheck<2, 4, 3, 2, 0, 64>);
expectError(createUNet({ depth: 3, inC: 3, outC: 2, inH: 18, inW: 8 }));
expectError(createUNet({ depth: 6, inC: 3, outC: 2, inH: 64, inW: 64 }));
expectError(createUNet({ depth: 2, inC: 0, outC: 2, inH: 64, inW: 64 }));
expectError(createUNet({ depth: 1, inC: 3, outC: 2, inH: 64, inW: 63 }));

// Sizes known only at run time compile (and are checked there).
const h = 64 as number;
expectAssignable<Tensor<Shape>>(createUNet({ depth: 4, inC: 3, outC: 2, inH: h, inW: h }).forward(zeros([3, 64, 64])));

// batchNorm2d keeps the shape; the channel count must match.
const state = createBatchNorm2d(3);
const { output, saved } = batchNorm2d(zeros([2, 3, 5, 5]), state, { training: true });
expectType<Tensor<[2, 3, 5, 5]>>(output);
expectType<Tensor<[3]>>(batchNorm2dBackward(output, saved).dWeight);
expectType<Tensor<[2, 3, 5, 5]>>(batchNorm2dBackward(output, saved).dx);
expectError(batchNorm2dBackward(zeros([2, 3, 5, 4]), saved));
expectError(batchNorm2dBackward(zeros([2, 3, 5, 5], { dtype: "float64" }), saved));
expectError(batchNorm2d(zeros([2, 4, 5, 5]), state, { training: true }));
expectError(batchNorm2d(zeros([3, 5]), state, { training: false }));

// Every parameter has its exact shape: UNet2's channel plan, generalised (base 8: 8, 16, 32 channels).
expectType<Tensor<[8, 3, 3, 3]>>(m2.params["down.0.conv1.weight"]);
expectType<Tensor<[32, 16, 3, 3]>>(m2.params["down.2.conv1.weight"]);
expectType<Tensor<[32, 16, 2, 2]>>(m2.params["up.0.upconv.weight"]);
expectType<Tensor<[16]>>(m2.params["up.0.upconv.bias"]);
expectType<Tensor<[16, 32, 3, 3]>>(m2.params["up.0.conv1.weight"]);
expectType<Tensor<[8, 8, 3, 3]>>(m2.params["up.1.conv2.weight"]);
expectType<Tensor<[2, 8, 1, 1]>>(m2.params["head.weight"]);
expectType<Tensor<[32, 16, 2, 2]>>(g2.grads["up.0.upconv.weight"]);
const m5 = createUNet({ depth: 5, inC: 1, outC: 1, inH: 32, inW: 32, baseC: 4, batchNorm: true });
expectType<Tensor<[64]>>(m5.params["down.4.bn2.weight"]);
expectType<Tensor<[128, 64, 3, 3]>>(m5.params["down.5.conv1.weight"]);
expectType<Tensor<[128, 64, 2, 2]>>(m5.params["up.0.upconv.weight"]);
expectType<Tensor<[4, 8, 3, 3]>>(m5.params["up.4.conv1.weight"]);
expectError(m5.params["down.6.conv1.weight"]);
expectError(m5.params["up.5.upconv.weight"]);
