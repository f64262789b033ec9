import { expectType } from "tsd";
import type { Eq } from "../../types/index.js";

declare const of: <T>() => T;

// literals pairwise
expectType<true>(of<Eq<0, 0>>());
expectType<false>(of<Eq<0, 9>>());
expectType<false>(of<Eq<0, 572>>());
expectType<false>(of<Eq<0, 4096>>());
expectType<false>(of<Eq<0, 65536>>());
expectType<false>(of<Eq<0, 2147483648>>());
expectType<false>(of<Eq<0, 9007199254740991>>());
expectType<false>(of<Eq<9, 0>>());
expectType<true>(of<Eq<9, 9>>());
expectType<false>(of<Eq<9, 572>>());
expectType<false>(of<Eq<9, 4096>>());
expectType<false>(of<Eq<9, 65536>>());
expectType<false>(of<Eq<9, 2147483648>>());
expectType<false>(of<Eq<9, 9007199254740991>>());
expectType<false>(of<Eq<572, 0>>());
expectType<false>(of<Eq<572, 9>>());
expectType<true>(of<Eq<572, 572>>());
expectType<false>(of<Eq<572, 4096>>());
expectType<false>(of<Eq<572, 65536>>());
expectType<false>(of<Eq<572, 2147483648>>());
expectType<false>(of<Eq<572, 9007199254740991>>());
expectType<false>(of<Eq<4096, 0>>());
expectType<false>(of<Eq<4096, 9>>());
expectType<false>(of<Eq<4096, 572>>());
expectType<true>(of<Eq<4096, 4096>>());
expectType<false>(of<Eq<4096, 65536>>());
expectType<false>(of<Eq<4096, 2147483648>>());
expectType<false>(of<Eq<4096, 9007199254740991>>());
expectType<false>(of<Eq<65536, 0>>());
expectType<false>(of<Eq<65536, 9>>());
expectType<false>(of<Eq<65536, 572>>());
expectType<false>(of<Eq<65536, 4096>>());
expectType<true>(of<Eq<65536, 65536>>());
expectType<false>(of<Eq<65536, 2147483648>>());
expectType<false>(of<Eq<65536, 9007199254740991>>());
expectType<false>(of<Eq<2147483648, 0>>());
expectType<false>(of<Eq<2147483648, 9>>());
expectType<false>(of<Eq<2147483648, 572>>());
expectType<false>(of<Eq<2147483648, 4096>>());
expectType<false>(of<Eq<2147483648, 65536>>());
expectType<true>(of<Eq<2147483648, 2147483648>>());
expectType<false>(of<Eq<2147483648, 9007199254740991>>());
expectType<false>(of<Eq<9007199254740991, 0>>());
expectType<false>(of<Eq<9007199254740991, 9>>());
expectType<false>(of<Eq<9007199254740991, 572>>());
expectType<false>(of<Eq<9007199254740991, 4096>>());
expectType<false>(of<Eq<9007199254740991, 65536>>());
expectType<false>(of<Eq<9007199254740991, 2147483648>>());
expectType<true>(of<Eq<9007199254740991, 9007199254740991>>());
expectType<false>(of<Eq<9007199254740990, 9007199254740991>>());
expectType<false>(of<Eq<1000, 999>>());
expectType<false>(of<Eq<999, 1000>>());
expectType<false>(of<Eq<120, 102>>());
expectType<false>(of<Eq<102, 120>>());

// number gives boolean
expectType<boolean>(of<Eq<number, 3>>());
expectType<boolean>(of<Eq<3, number>>());

// errors
expectType<"Eq: left operand must be a natural number, got -1">(of<Eq<-1, 3>>());
expectType<"Eq: right operand must be a natural number, got -3">(of<Eq<5, -3>>());
expectType<"Eq: left operand must be a natural number, got 1.5">(of<Eq<1.5, 2>>());
expectType<"Eq: right operand must be a natural number, got 0.1">(of<Eq<2, 0.1>>());
expectType<"Eq: left operand must be a natural number, got Infinity">(of<Eq<1e999, 2>>());
expectType<"Eq: left operand must be a natural number, got -Infinity">(of<Eq<-1e999, 2>>());
expectType<"Eq: right operand must be at most 2^53 - 1, got 9007199254740992">(of<Eq<1, 9007199254740992>>());
expectType<"Eq: left operand must be at most 2^53 - 1, got 1e+21">(of<Eq<1e21, 1>>());
expectType<"Eq: left operand must be a natural number, got 1e-7">(of<Eq<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<Eq<"earlier", 3>>());
expectType<"first">(of<Eq<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"Eq: right operand must be a natural number, got -2">(of<Eq<number, -2>>());
