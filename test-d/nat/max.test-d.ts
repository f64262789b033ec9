import { expectType } from "tsd";
import type { Max } from "../../types/index.js";

declare const of: <T>() => T;

// literals pairwise
expectType<0>(of<Max<0, 0>>());
expectType<9>(of<Max<0, 9>>());
expectType<572>(of<Max<0, 572>>());
expectType<4096>(of<Max<0, 4096>>());
expectType<65536>(of<Max<0, 65536>>());
expectType<2147483648>(of<Max<0, 2147483648>>());
expectType<9007199254740991>(of<Max<0, 9007199254740991>>());
expectType<9>(of<Max<9, 0>>());
expectType<9>(of<Max<9, 9>>());
expectType<572>(of<Max<9, 572>>());
expectType<4096>(of<Max<9, 4096>>());
expectType<65536>(of<Max<9, 65536>>());
expectType<2147483648>(of<Max<9, 2147483648>>());
expectType<9007199254740991>(of<Max<9, 9007199254740991>>());
expectType<572>(of<Max<572, 0>>());
expectType<572>(of<Max<572, 9>>());
expectType<572>(of<Max<572, 572>>());
expectType<4096>(of<Max<572, 4096>>());
expectType<65536>(of<Max<572, 65536>>());
expectType<2147483648>(of<Max<572, 2147483648>>());
expectType<9007199254740991>(of<Max<572, 9007199254740991>>());
expectType<4096>(of<Max<4096, 0>>());
expectType<4096>(of<Max<4096, 9>>());
expectType<4096>(of<Max<4096, 572>>());
expectType<4096>(of<Max<4096, 4096>>());
expectType<65536>(of<Max<4096, 65536>>());
expectType<2147483648>(of<Max<4096, 2147483648>>());
expectType<9007199254740991>(of<Max<4096, 9007199254740991>>());
expectType<65536>(of<Max<65536, 0>>());
expectType<65536>(of<Max<65536, 9>>());
expectType<65536>(of<Max<65536, 572>>());
expectType<65536>(of<Max<65536, 4096>>());
expectType<65536>(of<Max<65536, 65536>>());
expectType<2147483648>(of<Max<65536, 2147483648>>());
expectType<9007199254740991>(of<Max<65536, 9007199254740991>>());
expectType<2147483648>(of<Max<2147483648, 0>>());
expectType<2147483648>(of<Max<2147483648, 9>>());
expectType<2147483648>(of<Max<2147483648, 572>>());
expectType<2147483648>(of<Max<2147483648, 4096>>());
expectType<2147483648>(of<Max<2147483648, 65536>>());
expectType<2147483648>(of<Max<2147483648, 2147483648>>());
expectType<9007199254740991>(of<Max<2147483648, 9007199254740991>>());
expectType<9007199254740991>(of<Max<9007199254740991, 0>>());
expectType<9007199254740991>(of<Max<9007199254740991, 9>>());
expectType<9007199254740991>(of<Max<9007199254740991, 572>>());
expectType<9007199254740991>(of<Max<9007199254740991, 4096>>());
expectType<9007199254740991>(of<Max<9007199254740991, 65536>>());
expectType<9007199254740991>(of<Max<9007199254740991, 2147483648>>());
expectType<9007199254740991>(of<Max<9007199254740991, 9007199254740991>>());
expectType<9007199254740991>(of<Max<9007199254740990, 9007199254740991>>());
expectType<1000>(of<Max<1000, 999>>());
expectType<120>(of<Max<120, 102>>());

// number
expectType<number>(of<Max<number, 3>>());
expectType<number>(of<Max<3, number>>());

// errors
expectType<"Max: left operand must be a natural number, got -1">(of<Max<-1, 3>>());
expectType<"Max: right operand must be a natural number, got -3">(of<Max<5, -3>>());
expectType<"Max: left operand must be a natural number, got 1.5">(of<Max<1.5, 2>>());
expectType<"Max: right operand must be a natural number, got 0.1">(of<Max<2, 0.1>>());
expectType<"Max: left operand must be a natural number, got Infinity">(of<Max<1e999, 2>>());
expectType<"Max: left operand must be a natural number, got -Infinity">(of<Max<-1e999, 2>>());
expectType<"Max: right operand must be at most 2^53 - 1, got 9007199254740992">(of<Max<1, 9007199254740992>>());
expectType<"Max: left operand must be at most 2^53 - 1, got 1e+21">(of<Max<1e21, 1>>());
expectType<"Max: left operand must be a natural number, got 1e-7">(of<Max<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<Max<"earlier", 3>>());
expectType<"first">(of<Max<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"Max: right operand must be a natural number, got -2">(of<Max<number, -2>>());
