import { expectType } from "tsd";
import type { Min } from "../../types/index.js";

declare const of: <T>() => T;

// literals pairwise
expectType<0>(of<Min<0, 0>>());
expectType<0>(of<Min<0, 9>>());
expectType<0>(of<Min<0, 572>>());
expectType<0>(of<Min<0, 4096>>());
expectType<0>(of<Min<0, 65536>>());
expectType<0>(of<Min<0, 2147483648>>());
expectType<0>(of<Min<0, 9007199254740991>>());
expectType<0>(of<Min<9, 0>>());
expectType<9>(of<Min<9, 9>>());
expectType<9>(of<Min<9, 572>>());
expectType<9>(of<Min<9, 4096>>());
expectType<9>(of<Min<9, 65536>>());
expectType<9>(of<Min<9, 2147483648>>());
expectType<9>(of<Min<9, 9007199254740991>>());
expectType<0>(of<Min<572, 0>>());
expectType<9>(of<Min<572, 9>>());
expectType<572>(of<Min<572, 572>>());
expectType<572>(of<Min<572, 4096>>());
expectType<572>(of<Min<572, 65536>>());
expectType<572>(of<Min<572, 2147483648>>());
expectType<572>(of<Min<572, 9007199254740991>>());
expectType<0>(of<Min<4096, 0>>());
expectType<9>(of<Min<4096, 9>>());
expectType<572>(of<Min<4096, 572>>());
expectType<4096>(of<Min<4096, 4096>>());
expectType<4096>(of<Min<4096, 65536>>());
expectType<4096>(of<Min<4096, 2147483648>>());
expectType<4096>(of<Min<4096, 9007199254740991>>());
expectType<0>(of<Min<65536, 0>>());
expectType<9>(of<Min<65536, 9>>());
expectType<572>(of<Min<65536, 572>>());
expectType<4096>(of<Min<65536, 4096>>());
expectType<65536>(of<Min<65536, 65536>>());
expectType<65536>(of<Min<65536, 2147483648>>());
expectType<65536>(of<Min<65536, 9007199254740991>>());
expectType<0>(of<Min<2147483648, 0>>());
expectType<9>(of<Min<2147483648, 9>>());
expectType<572>(of<Min<2147483648, 572>>());
expectType<4096>(of<Min<2147483648, 4096>>());
expectType<65536>(of<Min<2147483648, 65536>>());
expectType<2147483648>(of<Min<2147483648, 2147483648>>());
expectType<2147483648>(of<Min<2147483648, 9007199254740991>>());
expectType<0>(of<Min<9007199254740991, 0>>());
expectType<9>(of<Min<9007199254740991, 9>>());
expectType<572>(of<Min<9007199254740991, 572>>());
expectType<4096>(of<Min<9007199254740991, 4096>>());
expectType<65536>(of<Min<9007199254740991, 65536>>());
expectType<2147483648>(of<Min<9007199254740991, 2147483648>>());
expectType<9007199254740991>(of<Min<9007199254740991, 9007199254740991>>());
expectType<9007199254740990>(of<Min<9007199254740990, 9007199254740991>>());
expectType<999>(of<Min<1000, 999>>());
expectType<102>(of<Min<120, 102>>());

// number
expectType<number>(of<Min<number, 3>>());
expectType<number>(of<Min<3, number>>());

// errors
expectType<"Min: left operand must be a natural number, got -1">(of<Min<-1, 3>>());
expectType<"Min: right operand must be a natural number, got -3">(of<Min<5, -3>>());
expectType<"Min: left operand must be a natural number, got 1.5">(of<Min<1.5, 2>>());
expectType<"Min: right operand must be a natural number, got 0.1">(of<Min<2, 0.1>>());
expectType<"Min: left operand must be a natural number, got Infinity">(of<Min<1e999, 2>>());
expectType<"Min: left operand must be a natural number, got -Infinity">(of<Min<-1e999, 2>>());
expectType<"Min: right operand must be at most 2^53 - 1, got 9007199254740992">(of<Min<1, 9007199254740992>>());
expectType<"Min: left operand must be at most 2^53 - 1, got 1e+21">(of<Min<1e21, 1>>());
expectType<"Min: left operand must be a natural number, got 1e-7">(of<Min<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<Min<"earlier", 3>>());
expectType<"first">(of<Min<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"Min: right operand must be a natural number, got -2">(of<Min<number, -2>>());
