import { expectType } from "tsd";
import type { Mod } from "../../types/index.js";

declare const of: <T>() => T;

// literals pairwise (b = 0 is an error)
expectType<"Mod: cannot divide 0 by 0">(of<Mod<0, 0>>());
expectType<0>(of<Mod<0, 9>>());
expectType<0>(of<Mod<0, 572>>());
expectType<0>(of<Mod<0, 4096>>());
expectType<0>(of<Mod<0, 65536>>());
expectType<0>(of<Mod<0, 2147483648>>());
expectType<0>(of<Mod<0, 9007199254740991>>());
expectType<"Mod: cannot divide 9 by 0">(of<Mod<9, 0>>());
expectType<0>(of<Mod<9, 9>>());
expectType<9>(of<Mod<9, 572>>());
expectType<9>(of<Mod<9, 4096>>());
expectType<9>(of<Mod<9, 65536>>());
expectType<9>(of<Mod<9, 2147483648>>());
expectType<9>(of<Mod<9, 9007199254740991>>());
expectType<"Mod: cannot divide 572 by 0">(of<Mod<572, 0>>());
expectType<5>(of<Mod<572, 9>>());
expectType<0>(of<Mod<572, 572>>());
expectType<572>(of<Mod<572, 4096>>());
expectType<572>(of<Mod<572, 65536>>());
expectType<572>(of<Mod<572, 2147483648>>());
expectType<572>(of<Mod<572, 9007199254740991>>());
expectType<"Mod: cannot divide 4096 by 0">(of<Mod<4096, 0>>());
expectType<1>(of<Mod<4096, 9>>());
expectType<92>(of<Mod<4096, 572>>());
expectType<0>(of<Mod<4096, 4096>>());
expectType<4096>(of<Mod<4096, 65536>>());
expectType<4096>(of<Mod<4096, 2147483648>>());
expectType<4096>(of<Mod<4096, 9007199254740991>>());
expectType<"Mod: cannot divide 65536 by 0">(of<Mod<65536, 0>>());
expectType<7>(of<Mod<65536, 9>>());
expectType<328>(of<Mod<65536, 572>>());
expectType<0>(of<Mod<65536, 4096>>());
expectType<0>(of<Mod<65536, 65536>>());
expectType<65536>(of<Mod<65536, 2147483648>>());
expectType<65536>(of<Mod<65536, 9007199254740991>>());
expectType<"Mod: cannot divide 2147483648 by 0">(of<Mod<2147483648, 0>>());
expectType<2>(of<Mod<2147483648, 9>>());
expectType<24>(of<Mod<2147483648, 572>>());
expectType<0>(of<Mod<2147483648, 4096>>());
expectType<0>(of<Mod<2147483648, 65536>>());
expectType<0>(of<Mod<2147483648, 2147483648>>());
expectType<2147483648>(of<Mod<2147483648, 9007199254740991>>());
expectType<"Mod: cannot divide 9007199254740991 by 0">(of<Mod<9007199254740991, 0>>());
expectType<4>(of<Mod<9007199254740991, 9>>());
expectType<447>(of<Mod<9007199254740991, 572>>());
expectType<4095>(of<Mod<9007199254740991, 4096>>());
expectType<65535>(of<Mod<9007199254740991, 65536>>());
expectType<2147483647>(of<Mod<9007199254740991, 2147483648>>());
expectType<0>(of<Mod<9007199254740991, 9007199254740991>>());
expectType<3>(of<Mod<9007199254740991, 7>>());
expectType<23584501>(of<Mod<9007199254740991, 94906265>>());
expectType<4503599627370495>(of<Mod<9007199254740991, 4503599627370496>>());
expectType<0>(of<Mod<572, 2>>());
expectType<100>(of<Mod<100, 1000>>());
expectType<789>(of<Mod<123456789, 1000>>());
expectType<9007199254740990>(of<Mod<9007199254740990, 9007199254740991>>());
expectType<1000000>(of<Mod<1000000000000000, 999999999>>());

// number
expectType<number>(of<Mod<number, 3>>());
expectType<number>(of<Mod<3, number>>());
expectType<"Mod: cannot divide 7 by 0">(of<Mod<7, 0>>());

// errors
expectType<"Mod: left operand must be a natural number, got -1">(of<Mod<-1, 3>>());
expectType<"Mod: right operand must be a natural number, got -3">(of<Mod<5, -3>>());
expectType<"Mod: left operand must be a natural number, got 1.5">(of<Mod<1.5, 2>>());
expectType<"Mod: right operand must be a natural number, got 0.1">(of<Mod<2, 0.1>>());
expectType<"Mod: left operand must be a natural number, got Infinity">(of<Mod<1e999, 2>>());
expectType<"Mod: left operand must be a natural number, got -Infinity">(of<Mod<-1e999, 2>>());
expectType<"Mod: right operand must be at most 2^53 - 1, got 9007199254740992">(of<Mod<1, 9007199254740992>>());
expectType<"Mod: left operand must be at most 2^53 - 1, got 1e+21">(of<Mod<1e21, 1>>());
expectType<"Mod: left operand must be a natural number, got 1e-7">(of<Mod<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<Mod<"earlier", 3>>());
expectType<"first">(of<Mod<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"Mod: right operand must be a natural number, got -2">(of<Mod<number, -2>>());
