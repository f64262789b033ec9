import { expectType } from "tsd";
import type { Mul } from "../../types/index.js";

declare const of: <T>() => T;

// literals pairwise
expectType<0>(of<Mul<0, 0>>());
expectType<0>(of<Mul<0, 9>>());
expectType<0>(of<Mul<0, 572>>());
expectType<0>(of<Mul<0, 4096>>());
expectType<0>(of<Mul<0, 65536>>());
expectType<0>(of<Mul<0, 2147483648>>());
expectType<0>(of<Mul<0, 9007199254740991>>());
expectType<0>(of<Mul<9, 0>>());
expectType<81>(of<Mul<9, 9>>());
expectType<5148>(of<Mul<9, 572>>());
expectType<36864>(of<Mul<9, 4096>>());
expectType<589824>(of<Mul<9, 65536>>());
expectType<19327352832>(of<Mul<9, 2147483648>>());
expectType<"Mul: 9 * 9007199254740991 exceeds 2^53 - 1">(of<Mul<9, 9007199254740991>>());
expectType<0>(of<Mul<572, 0>>());
expectType<5148>(of<Mul<572, 9>>());
expectType<327184>(of<Mul<572, 572>>());
expectType<2342912>(of<Mul<572, 4096>>());
expectType<37486592>(of<Mul<572, 65536>>());
expectType<1228360646656>(of<Mul<572, 2147483648>>());
expectType<"Mul: 572 * 9007199254740991 exceeds 2^53 - 1">(of<Mul<572, 9007199254740991>>());
expectType<0>(of<Mul<4096, 0>>());
expectType<36864>(of<Mul<4096, 9>>());
expectType<2342912>(of<Mul<4096, 572>>());
expectType<16777216>(of<Mul<4096, 4096>>());
expectType<268435456>(of<Mul<4096, 65536>>());
expectType<8796093022208>(of<Mul<4096, 2147483648>>());
expectType<"Mul: 4096 * 9007199254740991 exceeds 2^53 - 1">(of<Mul<4096, 9007199254740991>>());
expectType<0>(of<Mul<65536, 0>>());
expectType<589824>(of<Mul<65536, 9>>());
expectType<37486592>(of<Mul<65536, 572>>());
expectType<268435456>(of<Mul<65536, 4096>>());
expectType<4294967296>(of<Mul<65536, 65536>>());
expectType<140737488355328>(of<Mul<65536, 2147483648>>());
expectType<"Mul: 65536 * 9007199254740991 exceeds 2^53 - 1">(of<Mul<65536, 9007199254740991>>());
expectType<0>(of<Mul<2147483648, 0>>());
expectType<19327352832>(of<Mul<2147483648, 9>>());
expectType<1228360646656>(of<Mul<2147483648, 572>>());
expectType<8796093022208>(of<Mul<2147483648, 4096>>());
expectType<140737488355328>(of<Mul<2147483648, 65536>>());
expectType<"Mul: 2147483648 * 2147483648 exceeds 2^53 - 1">(of<Mul<2147483648, 2147483648>>());
expectType<"Mul: 2147483648 * 9007199254740991 exceeds 2^53 - 1">(of<Mul<2147483648, 9007199254740991>>());
expectType<0>(of<Mul<9007199254740991, 0>>());
expectType<"Mul: 9007199254740991 * 9 exceeds 2^53 - 1">(of<Mul<9007199254740991, 9>>());
expectType<"Mul: 9007199254740991 * 572 exceeds 2^53 - 1">(of<Mul<9007199254740991, 572>>());
expectType<"Mul: 9007199254740991 * 4096 exceeds 2^53 - 1">(of<Mul<9007199254740991, 4096>>());
expectType<"Mul: 9007199254740991 * 65536 exceeds 2^53 - 1">(of<Mul<9007199254740991, 65536>>());
expectType<"Mul: 9007199254740991 * 2147483648 exceeds 2^53 - 1">(of<Mul<9007199254740991, 2147483648>>());
expectType<"Mul: 9007199254740991 * 9007199254740991 exceeds 2^53 - 1">(of<Mul<9007199254740991, 9007199254740991>>());
expectType<9007199136250225>(of<Mul<94906265, 94906265>>());
expectType<"Mul: 94906266 * 94906266 exceeds 2^53 - 1">(of<Mul<94906266, 94906266>>());
expectType<9007199254740991>(of<Mul<6361, 1416003655831>>());
expectType<9007199254740990>(of<Mul<4503599627370495, 2>>());
expectType<"Mul: 4503599627370496 * 2 exceeds 2^53 - 1">(of<Mul<4503599627370496, 2>>());
expectType<9007197107257344>(of<Mul<2147483648, 4194303>>());
expectType<"Mul: 2147483648 * 4194304 exceeds 2^53 - 1">(of<Mul<2147483648, 4194304>>());
expectType<"Mul: 9007199254740991 * 9007199254740991 exceeds 2^53 - 1">(of<Mul<9007199254740991, 9007199254740991>>());
expectType<81>(of<Mul<9, 9>>());

// number
expectType<number>(of<Mul<number, 3>>());
expectType<number>(of<Mul<0, number>>());

// errors
expectType<"Mul: left operand must be a natural number, got -1">(of<Mul<-1, 3>>());
expectType<"Mul: right operand must be a natural number, got -3">(of<Mul<5, -3>>());
expectType<"Mul: left operand must be a natural number, got 1.5">(of<Mul<1.5, 2>>());
expectType<"Mul: right operand must be a natural number, got 0.1">(of<Mul<2, 0.1>>());
expectType<"Mul: left operand must be a natural number, got Infinity">(of<Mul<1e999, 2>>());
expectType<"Mul: left operand must be a natural number, got -Infinity">(of<Mul<-1e999, 2>>());
expectType<"Mul: right operand must be at most 2^53 - 1, got 9007199254740992">(of<Mul<1, 9007199254740992>>());
expectType<"Mul: left operand must be at most 2^53 - 1, got 1e+21">(of<Mul<1e21, 1>>());
expectType<"Mul: left operand must be a natural number, got 1e-7">(of<Mul<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<Mul<"earlier", 3>>());
expectType<"first">(of<Mul<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"Mul: right operand must be a natural number, got -2">(of<Mul<number, -2>>());
