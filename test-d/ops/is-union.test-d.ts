import { expectType } from "tsd";
import type { IsUnion } from "../../types/ops/is-union.js";
import type { Tensor } from "../../src/tensor/tensor.js";

// unions, including of tensors and of literal dims
expectType<true>({} as IsUnion<0 | 1>);
expectType<true>({} as IsUnion<number | readonly number[] | null>);
expectType<true>({} as IsUnion<Tensor<[2, 3]> | Tensor<[2, 5]>>);
// one type, however wide or generic
expectType<false>({} as IsUnion<number>);
expectType<false>({} as IsUnion<Tensor<[2, 3]>>);
expectType<false>({} as IsUnion<readonly number[]>);
function generic<N extends number>(): IsUnion<Tensor<[N, 4]>> {
  return false as IsUnion<Tensor<[N, 4]>>;
}
expectType<false>(generic<3>());
