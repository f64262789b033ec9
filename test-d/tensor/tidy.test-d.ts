import { expectError, expectType } from "tsd";
import { linear } from "../../src/ops/linalg/linear.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";
import { keep, tidy } from "../../src/tensor/tidy.js";

// tidy returns what fn returns, shapes included.
expectType<Tensor<[4, 3]>>(tidy(() => linear(zeros([4, 8]), zeros([3, 8]))));
expectType<{ loss: number; y: Tensor<[2, 5]> }>(tidy(() => ({ loss: 1, y: zeros([2, 5]) })));
// keep returns its tensor unchanged.
expectType<Tensor<[2, 5], "float64">>(keep(zeros([2, 5], { dtype: "float64" })));
expectError(keep(3));
// fn takes no argument.
expectError(tidy((x: number) => x));
