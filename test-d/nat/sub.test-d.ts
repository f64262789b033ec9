import { expectType } from "tsd";
import type { Sub } from "../../types/index.js";

declare const of: <T>() => T;

// literals pairwise
expectType<0>(of<Sub<0, 0>>());
expectType<"Sub: 0 - 9 is below 0">(of<Sub<0, 9>>());
expectType<"Sub: 0 - 572 is below 0">(of<Sub<0, 572>>());
expectType<"Sub: 0 - 4096 is below 0">(of<Sub<0, 4096>>());
expectType<"Sub: 0 - 65536 is below 0">(of<Sub<0, 65536>>());
expectType<"Sub: 0 - 2147483648 is below 0">(of<Sub<0, 2147483648>>());
expectType<"Sub: 0 - 9007199254740991 is below 0">(of<Sub<0, 9007199254740991>>());
expectType<9>(of<Sub<9, 0>>());
expectType<0>(of<Sub<9, 9>>());
expectType<"Sub: 9 - 572 is below 0">(of<Sub<9, 572>>());
expectType<"Sub: 9 - 4096 is below 0">(of<Sub<9, 4096>>());
expectType<"Sub: 9 - 65536 is below 0">(of<Sub<9, 65536>>());
expectType<"Sub: 9 - 2147483648 is below 0">(of<Sub<9, 2147483648>>());
expectType<"Sub: 9 - 9007199254740991 is below 0">(of<Sub<9, 9007199254740991>>());
expectType<572>(of<Sub<572, 0>>());
expectType<563>(of<Sub<572, 9>>());
expectType<0>(of<Sub<572, 572>>());
expectType<"Sub: 572 - 4096 is below 0">(of<Sub<572, 4096>>());
expectType<"Sub: 572 - 65536 is below 0">(of<Sub<572, 65536>>());
expectType<"Sub: 572 - 2147483648 is below 0">(of<Sub<572, 2147483648>>());
expectType<"Sub: 572 - 9007199254740991 is below 0">(of<Sub<572, 9007199254740991>>());
expectType<4096>(of<Sub<4096, 0>>());
expectType<4087>(of<Sub<4096, 9>>());
expectType<3524>(of<Sub<4096, 572>>());
expectType<0>(of<Sub<4096, 4096>>());
expectType<"Sub: 4096 - 65536 is below 0">(of<Sub<4096, 65536>>());
expectType<"Sub: 4096 - 2147483648 is below 0">(of<Sub<4096, 2147483648>>());
expectType<"Sub: 4096 - 9007199254740991 is below 0">(of<Sub<4096, 9007199254740991>>());
expectType<65536>(of<Sub<65536, 0>>());
expectType<65527>(of<Sub<65536, 9>>());
expectType<64964>(of<Sub<65536, 572>>());
expectType<61440>(of<Sub<65536, 4096>>());
expectType<0>(of<Sub<65536, 65536>>());
expectType<"Sub: 65536 - 2147483648 is below 0">(of<Sub<65536, 2147483648>>());
expectType<"Sub: 65536 - 9007199254740991 is below 0">(of<Sub<65536, 9007199254740991>>());
expectType<2147483648>(of<Sub<2147483648, 0>>());
expectType<2147483639>(of<Sub<2147483648, 9>>());
expectType<2147483076>(of<Sub<2147483648, 572>>());
expectType<2147479552>(of<Sub<2147483648, 4096>>());
expectType<2147418112>(of<Sub<2147483648, 65536>>());
expectType<0>(of<Sub<2147483648, 2147483648>>());
expectType<"Sub: 2147483648 - 9007199254740991 is below 0">(of<Sub<2147483648, 9007199254740991>>());
expectType<9007199254740991>(of<Sub<9007199254740991, 0>>());
expectType<9007199254740982>(of<Sub<9007199254740991, 9>>());
expectType<9007199254740419>(of<Sub<9007199254740991, 572>>());
expectType<9007199254736895>(of<Sub<9007199254740991, 4096>>());
expectType<9007199254675455>(of<Sub<9007199254740991, 65536>>());
expectType<9007197107257343>(of<Sub<9007199254740991, 2147483648>>());
expectType<0>(of<Sub<9007199254740991, 9007199254740991>>());
expectType<99999999>(of<Sub<100000000, 1>>());
expectType<1>(of<Sub<9007199254740991, 9007199254740990>>());
expectType<0>(of<Sub<9007199254740991, 9007199254740991>>());
expectType<"Sub: 3 - 5 is below 0">(of<Sub<3, 5>>());
expectType<"Sub: 9007199254740990 - 9007199254740991 is below 0">(of<Sub<9007199254740990, 9007199254740991>>());

// number
expectType<number>(of<Sub<number, 3>>());
expectType<number>(of<Sub<3, number>>());

// errors
expectType<"Sub: left operand must be a natural number, got -1">(of<Sub<-1, 3>>());
expectType<"Sub: right operand must be a natural number, got -3">(of<Sub<5, -3>>());
expectType<"Sub: left operand must be a natural number, got 1.5">(of<Sub<1.5, 2>>());
expectType<"Sub: right operand must be a natural number, got 0.1">(of<Sub<2, 0.1>>());
expectType<"Sub: left operand must be a natural number, got Infinity">(of<Sub<1e999, 2>>());
expectType<"Sub: left operand must be a natural number, got -Infinity">(of<Sub<-1e999, 2>>());
expectType<"Sub: right operand must be at most 2^53 - 1, got 9007199254740992">(of<Sub<1, 9007199254740992>>());
expectType<"Sub: left operand must be at most 2^53 - 1, got 1e+21">(of<Sub<1e21, 1>>());
expectType<"Sub: left operand must be a natural number, got 1e-7">(of<Sub<1e-7, 1>>());
// an incoming message passes through, the first one wins
expectType<"earlier">(of<Sub<"earlier", 3>>());
expectType<"first">(of<Sub<"first", "second">>());
// a literal error is reported even next to `number`
expectType<"Sub: right operand must be a natural number, got -2">(of<Sub<number, -2>>());
