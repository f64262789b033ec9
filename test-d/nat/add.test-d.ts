import { expectType } from "tsd";
import type { Add } from "../../types/index.js";

declare const of: <T>() => T;

// literals: 0, 9, 572, 4096, 65536, 2^31, 2^53-1 pairwise
expectType<0>(of<Add<0, 0>>());
expectType<9>(of<Add<0, 9>>());
expectType<572>(of<Add<0, 572>>());
expectType<4096>(of<Add<0, 4096>>());
expectType<65536>(of<Add<0, 65536>>());
expectType<2147483648>(of<Add<0, 2147483648>>());
expectType<9007199254740991>(of<Add<0, 9007199254740991>>());
expectType<9>(of<Add<9, 0>>());
expectType<18>(of<Add<9, 9>>());
expectType<581>(of<Add<9, 572>>());
expectType<4105>(of<Add<9, 4096>>());
expectType<65545>(of<Add<9, 65536>>());
expectType<2147483657>(of<Add<9, 2147483648>>());
expectType<"Add: 9 + 9007199254740991 exceeds 2^53 - 1">(of<Add<9, 9007199254740991>>());
expectType<572>(of<Add<572, 0>>());
expectType<581>(of<Add<572, 9>>());
expectType<1144>(of<Add<572, 572>>());
expectType<4668>(of<Add<572, 4096>>());
expectType<66108>(of<Add<572, 65536>>());
expectType<2147484220>(of<Add<572, 2147483648>>());
expectType<"Add: 572 + 9007199254740991 exceeds 2^53 - 1">(of<Add<572, 9007199254740991>>());
expectType<4096>(of<Add<4096, 0>>());
expectType<4105>(of<Add<4096, 9>>());
expectType<4668>(of<Add<4096, 572>>());
expectType<8192>(of<Add<4096, 4096>>());
expectType<69632>(of<Add<4096, 65536>>());
expectType<2147487744>(of<Add<4096, 2147483648>>());
expectType<"Add: 4096 + 9007199254740991 exceeds 2^53 - 1">(of<Add<4096, 9007199254740991>>());
expectType<65536>(of<Add<65536, 0>>());
expectType<65545>(of<Add<65536, 9>>());
expectType<66108>(of<Add<65536, 572>>());
expectType<69632>(of<Add<65536, 4096>>());
expectType<131072>(of<Add<65536, 65536>>());
expectType<2147549184>(of<Add<65536, 2147483648>>());
expectType<"Add: 65536 + 9007199254740991 exceeds 2^53 - 1">(of<Add<65536, 9007199254740991>>());
expectType<2147483648>(of<Add<2147483648, 0>>());
expectType<2147483657>(of<Add<2147483648, 9>>());
expectType<2147484220>(of<Add<2147483648, 572>>());
expectType<2147487744>(of<Add<2147483648, 4096>>());
expectType<2147549184>(of<Add<2147483648, 65536>>());
expectType<4294967296>(of<Add<2147483648, 2147483648>>());
expectType<"Add: 2147483648 + 9007199254740991 exceeds 2^53 - 1">(of<Add<2147483648, 9007199254740991>>());
expectType<9007199254740991>(of<Add<9007199254740991, 0>>());
expectType<"Add: 9007199254740991 + 9 exceeds 2^53 - 1">(of<Add<9007199254740991, 9>>());
expectType<"Add: 9007199254740991 + 572 exceeds 2^53 - 1">(of<Add<9007199254740991, 572>>());
expectType<"Add: 9007199254740991 + 4096 exceeds 2^53 - 1">(of<Add<9007199254740991, 4096>>());
expectType<"Add: 9007199254740991 + 65536 exceeds 2^53 - 1">(of<Add<9007199254740991, 65536>>());
expectType<"Add: 9007199254740991 + 2147483648 exceeds 2^53 - 1">(of<Add<9007199254740991, 2147483648>>());
expectType<"Add: 9007199254740991 + 9007199254740991 exceeds 2^53 - 1">(of<Add<9007199254740991, 9007199254740991>>());
expectType<9007199254740991>(of<Add<9007199254740990, 1>>());
expectType<9007199254740991>(of<Add<4503599627370495, 4503599627370496>>());
expectType<"Add: 9007199254740991 + 1 exceeds 2^53 - 1">(of<Add<9007199254740991, 1>>());
expectType<"Add: 4503599627370496 + 4503599627370496 exceeds 2^53 - 1">(of<Add<4503599627370496, 4503599627370496>>());
expectType<100000000>(of<Add<99999999, 1>>());
expectType<1000000000000000>(of<Add<999999999999999, 1>>());

// number propagation and unions
expectType<number>(of<Add<number, 3>>());
expectType<number>(of<Add<3, number>>());
expectType<number>(of<Add<number, number>>());
expectType<11 | 12>(of<Add<1 | 2, 10>>());

// errors
expectType<"Add: left operand must be a natural number, got -1">(of<Add<-1, 3>>());
expectType<"Add: right operand must be a natural number, got -3">(of<Add<5, -3>>());
expectType<"Add: left operand must be a natural number, got 1.5">(of<Add<1.5, 2>>());
expectType<"Add: right operand must be a natural number, got 0.1">(of<Add<2, 0.1>>());
expectType<"Add: left operand must be a natural number, got Infinity">(of<Add<1e999, 2>>());
expectType<"Add: left operand must be a natural number, got -Infinity">(of<Add<-1e999, 2>>());
expectType<"Add: right operand must be at most 2^53 - 1, got 9007199254740992">(of<Add<1, 9007199254740992>>());
expectType<"Add: left operand must be at most 2^53 - 1, got 1e+21">(of<Add<1e21, 1>>());
expectType<"Add: left operand must be a natural number, got 1e-7">(of<Add<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<Add<"earlier", 3>>());
expectType<"first">(of<Add<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"Add: right operand must be a natural number, got -2">(of<Add<number, -2>>());
