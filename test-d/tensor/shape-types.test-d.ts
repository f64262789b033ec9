import { expectType } from "tsd";
import type { NestedShape, Rank, ValidShape } from "../../types/index.js";

declare const of: <T>() => T;

// NestedShape: the shape of nested array literals; `number` where lengths are not literal.
expectType<[2, 3]>(of<NestedShape<readonly [readonly [1, 2, 3], readonly [4, 5, 6]]>>());
expectType<[1, 2, 1]>(of<NestedShape<[[[1], [2]]]>>());
expectType<[0]>(of<NestedShape<readonly []>>());
expectType<[number, number]>(of<NestedShape<number[][]>>());
expectType<[]>(of<NestedShape<5>>());

// Rank: the number of axes.
expectType<3>(of<Rank<[3, 8, 8]>>());
expectType<0>(of<Rank<[]>>());
expectType<number>(of<Rank<number[]>>());

// ValidShape: each bad literal dim becomes the message naming the op and the position.
expectType<[3, 8]>(of<ValidShape<[3, 8], "zeros">>());
expectType<[3, "zeros: dim 1 must be a natural number, got -1", 4]>(of<ValidShape<[3, -1, 4], "zeros">>());
expectType<["ones: dim 0 must be a natural number, got 2.5", "ones: dim 1 must be at most 2^53 - 1, got 9007199254740992"]>(
  of<ValidShape<[2.5, 9007199254740992], "ones">>(),
);
expectType<[number, 3]>(of<ValidShape<[number, 3], "zeros">>());
expectType<number[]>(of<ValidShape<number[], "zeros">>());
