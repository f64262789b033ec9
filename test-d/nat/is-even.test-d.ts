import { expectType } from "tsd";
import type { IsEven } from "../../types/index.js";

declare const of: <T>() => T;

// literals: only the lowest digit matters
expectType<true>(of<IsEven<0>>());
expectType<false>(of<IsEven<9>>());
expectType<true>(of<IsEven<572>>());
expectType<true>(of<IsEven<4096>>());
expectType<true>(of<IsEven<65536>>());
expectType<true>(of<IsEven<2147483648>>());
expectType<false>(of<IsEven<2147483649>>());
expectType<false>(of<IsEven<9007199254740991>>());
expectType<true>(of<IsEven<9007199254740990>>());

// number, unions
expectType<boolean>(of<IsEven<number>>());
expectType<boolean>(of<IsEven<2 | 3>>());

// errors
expectType<"IsEven: operand must be a natural number, got -2">(of<IsEven<-2>>());
expectType<"IsEven: operand must be a natural number, got 2.5">(of<IsEven<2.5>>());
expectType<"IsEven: operand must be at most 2^53 - 1, got 9007199254740992">(of<IsEven<9007199254740992>>());
expectType<"earlier">(of<IsEven<"earlier">>());
