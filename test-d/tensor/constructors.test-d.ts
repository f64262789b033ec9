import { expectAssignable, expectError, expectType } from "tsd";
import { fromNested, full, ones, randn, type Tensor, tensor, zeros } from "../../src/tensor/tensor.js";

// Literal shapes are inferred without `as const`, as mutable tuples of literals.
expectType<Tensor<[3, 8, 8]>>(zeros([3, 8, 8]));
expectType<Tensor<[64, 572, 572]>>(ones([64, 572, 572]));
expectType<Tensor<[2, 3]>>(full([2, 3], 0.5));
expectType<Tensor<[4, 4]>>(randn([4, 4], { seed: 1 }));
expectType<Tensor<[2, 3]>>(tensor([2, 3], [1, 2, 3, 4, 5, 6]));
expectType<Tensor<[]>>(zeros([]));
expectType<Tensor<[0, 9, 4096, 65536]>>(zeros([0, 9, 4096, 65536]));
expectType<Tensor<[9007199254740991]>>(zeros([9007199254740991]));
const shape = [3, 8, 8] as const;
expectType<Tensor<[3, 8, 8]>>(zeros(shape));

// `.shape` keeps its literal type; `number` dims stay `number`.
expectType<[3, 8, 8]>(zeros([3, 8, 8]).shape);
expectType<3>(zeros([3, 8, 8]).shape[0]);
declare const n: number;
expectType<Tensor<[number, 3]>>(zeros([n, 3]));
expectType<[number, 3]>(zeros([n, 3]).shape);
declare const dims: number[];
expectType<Tensor<number[]>>(zeros(dims));

// dtype: float32 by default, float64 on request; the data array follows.
expectType<"float32">(zeros([2]).dtype);
expectType<Float32Array>(zeros([2]).data);
expectType<Tensor<[2], "float64">>(zeros([2], { dtype: "float64" }));
expectType<Float64Array>(ones([2], { dtype: "float64" }).data);
expectType<Tensor<[2, 2], "float64">>(randn([2, 2], { seed: 7, dtype: "float64" }));
expectType<Tensor<[1, 2], "float64">>(tensor([1, 2], [1, 2], { dtype: "float64" }));
expectError(zeros([2], { dtype: "int32" }));

// fromNested infers the shape from nested literals.
expectType<Tensor<[2, 3]>>(fromNested([[1, 2, 3], [4, 5, 6]]));
expectType<Tensor<[1, 2, 1]>>(fromNested([[[1], [2]]]));
expectType<Tensor<[3]>>(fromNested([1, 2, 3]));
expectType<Tensor<[2], "float64">>(fromNested([1, 2], { dtype: "float64" }));
declare const rows: number[][];
expectType<Tensor<[number, number]>>(fromNested(rows));
expectError(fromNested([["a"]]));
expectError(fromNested([[1, "b"]]));

// A bad literal dim is an error naming the op and the position (TS2322 on that element).
expectError(zeros([3, -1, 4]));
expectError(ones([2.5]));
expectError(full([1, 9007199254740992], 0));
expectError(randn([1e21], { seed: 1 }));
expectError(tensor([2, -3], [1, 2]));
expectError(zeros([-0.5, 2]));

// randn needs a seed.
expectError(randn([2, 2]));
expectError(randn([2, 2], {}));

expectAssignable<Tensor<[3, 8, 8]>>(zeros([3, 8, 8]).clone());
