import { expectAssignable, expectNotAssignable, expectType } from "tsd";
import { type MultiChannelImage, type Tensor, zeros } from "../../src/tensor/tensor.js";

// Branded by shape: a tensor of one shape is not one of another shape.
expectNotAssignable<Tensor<[3, 8, 9]>>(zeros([3, 8, 8]));
expectNotAssignable<Tensor<[3, 8]>>(zeros([3, 8, 8]));
expectNotAssignable<Tensor<[3, 8, 8, 1]>>(zeros([3, 8, 8]));
expectAssignable<Tensor<[3, 8, 8]>>(zeros([3, 8, 8]));
// A tensor with literal dims is usable where sizes are only known at run time, not the reverse.
expectAssignable<Tensor<[number, 8, 8]>>(zeros([3, 8, 8]));
declare const n: number;
expectNotAssignable<Tensor<[3, 8, 8]>>(zeros([n, 8, 8]));

// Branded by dtype.
expectNotAssignable<Tensor<[2]>>(zeros([2], { dtype: "float64" }));
expectNotAssignable<Tensor<[2], "float64">>(zeros([2]));

// Not forgeable: an object with the same fields is not a Tensor.
expectNotAssignable<Tensor<[2]>>({ shape: [2] as [2], dtype: "float32" as const, data: new Float32Array(2), size: 2 });

// The seed's name for a (C, H, W) image.
expectType<MultiChannelImage<3, 8, 8>>(zeros([3, 8, 8]));
expectType<Tensor<[3, 8, 8]>>(zeros([3, 8, 8]) as MultiChannelImage<3, 8, 8>);
expectNotAssignable<MultiChannelImage<3, 8, 9>>(zeros([3, 8, 8]));
expectType<MultiChannelImage<1, 4, 4, "float64">>(zeros([1, 4, 4], { dtype: "float64" }));
