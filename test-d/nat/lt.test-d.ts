import { expectType } from "tsd";
import type { Lt } from "../../types/index.js";

declare const of: <T>() => T;

// literals pairwise
expectType<false>(of<Lt<0, 0>>());
expectType<true>(of<Lt<0, 9>>());
expectType<true>(of<Lt<0, 572>>());
expectType<true>(of<Lt<0, 4096>>());
expectType<true>(of<Lt<0, 65536>>());
expectType<true>(of<Lt<0, 2147483648>>());
expectType<true>(of<Lt<0, 9007199254740991>>());
expectType<false>(of<Lt<9, 0>>());
expectType<false>(of<Lt<9, 9>>());
expectType<true>(of<Lt<9, 572>>());
expectType<true>(of<Lt<9, 4096>>());
expectType<true>(of<Lt<9, 65536>>());
expectType<true>(of<Lt<9, 2147483648>>());
expectType<true>(of<Lt<9, 9007199254740991>>());
expectType<false>(of<Lt<572, 0>>());
expectType<false>(of<Lt<572, 9>>());
expectType<false>(of<Lt<572, 572>>());
expectType<true>(of<Lt<572, 4096>>());
expectType<true>(of<Lt<572, 65536>>());
expectType<true>(of<Lt<572, 2147483648>>());
expectType<true>(of<Lt<572, 9007199254740991>>());
expectType<false>(of<Lt<4096, 0>>());
expectType<false>(of<Lt<4096, 9>>());
expectType<false>(of<Lt<4096, 572>>());
expectType<false>(of<Lt<4096, 4096>>());
expectType<true>(of<Lt<4096, 65536>>());
expectType<true>(of<Lt<4096, 2147483648>>());
expectType<true>(of<Lt<4096, 9007199254740991>>());
expectType<false>(of<Lt<65536, 0>>());
expectType<false>(of<Lt<65536, 9>>());
expectType<false>(of<Lt<65536, 572>>());
expectType<false>(of<Lt<65536, 4096>>());
expectType<false>(of<Lt<65536, 65536>>());
expectType<true>(of<Lt<65536, 2147483648>>());
expectType<true>(of<Lt<65536, 9007199254740991>>());
expectType<false>(of<Lt<2147483648, 0>>());
expectType<false>(of<Lt<2147483648, 9>>());
expectType<false>(of<Lt<2147483648, 572>>());
expectType<false>(of<Lt<2147483648, 4096>>());
expectType<false>(of<Lt<2147483648, 65536>>());
expectType<false>(of<Lt<2147483648, 2147483648>>());
expectType<true>(of<Lt<2147483648, 9007199254740991>>());
expectType<false>(of<Lt<9007199254740991, 0>>());
expectType<false>(of<Lt<9007199254740991, 9>>());
expectType<false>(of<Lt<9007199254740991, 572>>());
expectType<false>(of<Lt<9007199254740991, 4096>>());
expectType<false>(of<Lt<9007199254740991, 65536>>());
expectType<false>(of<Lt<9007199254740991, 2147483648>>());
expectType<false>(of<Lt<9007199254740991, 9007199254740991>>());
expectType<true>(of<Lt<9007199254740990, 9007199254740991>>());
expectType<false>(of<Lt<1000, 999>>());
expectType<true>(of<Lt<999, 1000>>());
expectType<false>(of<Lt<120, 102>>());
expectType<true>(of<Lt<102, 120>>());

// number gives boolean
expectType<boolean>(of<Lt<number, 3>>());
expectType<boolean>(of<Lt<3, number>>());

// errors
expectType<"Lt: left operand must be a natural number, got -1">(of<Lt<-1, 3>>());
expectType<"Lt: right operand must be a natural number, got -3">(of<Lt<5, -3>>());
expectType<"Lt: left operand must be a natural number, got 1.5">(of<Lt<1.5, 2>>());
expectType<"Lt: right operand must be a natural number, got 0.1">(of<Lt<2, 0.1>>());
expectType<"Lt: left operand must be a natural number, got Infinity">(of<Lt<1e999, 2>>());
expectType<"Lt: left operand must be a natural number, got -Infinity">(of<Lt<-1e999, 2>>());
expectType<"Lt: right operand must be at most 2^53 - 1, got 9007199254740992">(of<Lt<1, 9007199254740992>>());
expectType<"Lt: left operand must be at most 2^53 - 1, got 1e+21">(of<Lt<1e21, 1>>());
expectType<"Lt: left operand must be a natural number, got 1e-7">(of<Lt<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<Lt<"earlier", 3>>());
expectType<"first">(of<Lt<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"Lt: right operand must be a natural number, got -2">(of<Lt<number, -2>>());
