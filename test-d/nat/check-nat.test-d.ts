import { expectError, expectType } from "tsd";
import type { CheckNat } from "../../types/index.js";

declare const of: <T>() => T;

// a valid natural literal is returned as is
expectType<0>(of<CheckNat<0, "zeros: dim 0">>());
expectType<9>(of<CheckNat<9, "zeros: dim 0">>());
expectType<572>(of<CheckNat<572, "zeros: dim 0">>());
expectType<65536>(of<CheckNat<65536, "zeros: dim 0">>());
expectType<2147483648>(of<CheckNat<2147483648, "zeros: dim 0">>());
expectType<9007199254740991>(of<CheckNat<9007199254740991, "zeros: dim 0">>());

// number stays number; an earlier message passes through
expectType<number>(of<CheckNat<number, "zeros: dim 0">>());
expectType<"conv2d: axis H: stride should be greater than zero, but got 0">(
  of<CheckNat<"conv2d: axis H: stride should be greater than zero, but got 0", "zeros: dim 0">>(),
);

// errors name the place and the value
expectType<"zeros: dim 1 must be a natural number, got -1">(of<CheckNat<-1, "zeros: dim 1">>());
expectType<"zeros: dim 2 must be a natural number, got 2.5">(of<CheckNat<2.5, "zeros: dim 2">>());
expectType<"zeros: dim 0 must be a natural number, got Infinity">(of<CheckNat<1e999, "zeros: dim 0">>());
expectType<"zeros: dim 0 must be at most 2^53 - 1, got 9007199254740992">(of<CheckNat<9007199254740992, "zeros: dim 0">>());
expectType<"zeros: dim 0 must be at most 2^53 - 1, got 1e+21">(of<CheckNat<1e21, "zeros: dim 0">>());
expectType<"zeros: dim 0 must be a natural number, got a value that is not a number">(of<CheckNat<true, "zeros: dim 0">>());

// as a parameter type: N is inferred, a bad literal is rejected with the message (TS2345)
declare function dim<N extends number>(n: CheckNat<N, "zeros: dim 0">): N;
expectType<4>(dim(4));
expectType<0>(dim(0));
expectType<9007199254740991>(dim(9007199254740991));
declare const runtimeSize: number;
expectType<number>(dim(runtimeSize));
expectError(dim(-1));
expectError(dim(2.5));
expectError(dim(9007199254740992));
