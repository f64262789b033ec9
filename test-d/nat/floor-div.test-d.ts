import { expectType } from "tsd";
import type { FloorDiv } from "../../types/index.js";

declare const of: <T>() => T;

// literals pairwise (b = 0 is an error)
expectType<"FloorDiv: cannot divide 0 by 0">(of<FloorDiv<0, 0>>());
expectType<0>(of<FloorDiv<0, 9>>());
expectType<0>(of<FloorDiv<0, 572>>());
expectType<0>(of<FloorDiv<0, 4096>>());
expectType<0>(of<FloorDiv<0, 65536>>());
expectType<0>(of<FloorDiv<0, 2147483648>>());
expectType<0>(of<FloorDiv<0, 9007199254740991>>());
expectType<"FloorDiv: cannot divide 9 by 0">(of<FloorDiv<9, 0>>());
expectType<1>(of<FloorDiv<9, 9>>());
expectType<0>(of<FloorDiv<9, 572>>());
expectType<0>(of<FloorDiv<9, 4096>>());
expectType<0>(of<FloorDiv<9, 65536>>());
expectType<0>(of<FloorDiv<9, 2147483648>>());
expectType<0>(of<FloorDiv<9, 9007199254740991>>());
expectType<"FloorDiv: cannot divide 572 by 0">(of<FloorDiv<572, 0>>());
expectType<63>(of<FloorDiv<572, 9>>());
expectType<1>(of<FloorDiv<572, 572>>());
expectType<0>(of<FloorDiv<572, 4096>>());
expectType<0>(of<FloorDiv<572, 65536>>());
expectType<0>(of<FloorDiv<572, 2147483648>>());
expectType<0>(of<FloorDiv<572, 9007199254740991>>());
expectType<"FloorDiv: cannot divide 4096 by 0">(of<FloorDiv<4096, 0>>());
expectType<455>(of<FloorDiv<4096, 9>>());
expectType<7>(of<FloorDiv<4096, 572>>());
expectType<1>(of<FloorDiv<4096, 4096>>());
expectType<0>(of<FloorDiv<4096, 65536>>());
expectType<0>(of<FloorDiv<4096, 2147483648>>());
expectType<0>(of<FloorDiv<4096, 9007199254740991>>());
expectType<"FloorDiv: cannot divide 65536 by 0">(of<FloorDiv<65536, 0>>());
expectType<7281>(of<FloorDiv<65536, 9>>());
expectType<114>(of<FloorDiv<65536, 572>>());
expectType<16>(of<FloorDiv<65536, 4096>>());
expectType<1>(of<FloorDiv<65536, 65536>>());
expectType<0>(of<FloorDiv<65536, 2147483648>>());
expectType<0>(of<FloorDiv<65536, 9007199254740991>>());
expectType<"FloorDiv: cannot divide 2147483648 by 0">(of<FloorDiv<2147483648, 0>>());
expectType<238609294>(of<FloorDiv<2147483648, 9>>());
expectType<3754342>(of<FloorDiv<2147483648, 572>>());
expectType<524288>(of<FloorDiv<2147483648, 4096>>());
expectType<32768>(of<FloorDiv<2147483648, 65536>>());
expectType<1>(of<FloorDiv<2147483648, 2147483648>>());
expectType<0>(of<FloorDiv<2147483648, 9007199254740991>>());
expectType<"FloorDiv: cannot divide 9007199254740991 by 0">(of<FloorDiv<9007199254740991, 0>>());
expectType<1000799917193443>(of<FloorDiv<9007199254740991, 9>>());
expectType<15746851843952>(of<FloorDiv<9007199254740991, 572>>());
expectType<2199023255551>(of<FloorDiv<9007199254740991, 4096>>());
expectType<137438953471>(of<FloorDiv<9007199254740991, 65536>>());
expectType<4194303>(of<FloorDiv<9007199254740991, 2147483648>>());
expectType<1>(of<FloorDiv<9007199254740991, 9007199254740991>>());
expectType<1286742750677284>(of<FloorDiv<9007199254740991, 7>>());
expectType<94906266>(of<FloorDiv<9007199254740991, 94906265>>());
expectType<1>(of<FloorDiv<9007199254740991, 4503599627370496>>());
expectType<286>(of<FloorDiv<572, 2>>());
expectType<0>(of<FloorDiv<100, 1000>>());
expectType<123456>(of<FloorDiv<123456789, 1000>>());
expectType<0>(of<FloorDiv<9007199254740990, 9007199254740991>>());
expectType<1000000>(of<FloorDiv<1000000000000000, 999999999>>());

// number
expectType<number>(of<FloorDiv<number, 3>>());
expectType<number>(of<FloorDiv<3, number>>());
expectType<"FloorDiv: cannot divide 7 by 0">(of<FloorDiv<7, 0>>());

// errors
expectType<"FloorDiv: left operand must be a natural number, got -1">(of<FloorDiv<-1, 3>>());
expectType<"FloorDiv: right operand must be a natural number, got -3">(of<FloorDiv<5, -3>>());
expectType<"FloorDiv: left operand must be a natural number, got 1.5">(of<FloorDiv<1.5, 2>>());
expectType<"FloorDiv: right operand must be a natural number, got 0.1">(of<FloorDiv<2, 0.1>>());
expectType<"FloorDiv: left operand must be a natural number, got Infinity">(of<FloorDiv<1e999, 2>>());
expectType<"FloorDiv: left operand must be a natural number, got -Infinity">(of<FloorDiv<-1e999, 2>>());
expectType<"FloorDiv: right operand must be at most 2^53 - 1, got 9007199254740992">(of<FloorDiv<1, 9007199254740992>>());
expectType<"FloorDiv: left operand must be at most 2^53 - 1, got 1e+21">(of<FloorDiv<1e21, 1>>());
expectType<"FloorDiv: left operand must be a natural number, got 1e-7">(of<FloorDiv<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<FloorDiv<"earlier", 3>>());
expectType<"first">(of<FloorDiv<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"FloorDiv: right operand must be a natural number, got -2">(of<FloorDiv<number, -2>>());
