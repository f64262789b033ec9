import { expectError, expectType } from "tsd";
import type { ConvOut } from "../../types/index.js";

declare const of: <T>() => T;
/** A dimension parameter: a message is not a number (TS2345). */
declare function dim(n: number): void;

// 3x3 valid conv: H - 2, from small to 2^53 - 1
// an input size of 0 is an error (PyTorch rejects empty spatial input)
expectType<"conv2d: axis H: input size should be greater than zero, but got 0">(of<ConvOut<0, 3>>());
expectType<"conv2d: axis H: input size should be greater than zero, but got 0">(of<ConvOut<0, 1, 2>>());
expectType<"up: axis W: input size should be greater than zero, but got 0">(of<ConvOut<0, 3, 1, 0, 1, "up", "W">>());
expectType<7>(of<ConvOut<9, 3>>());
expectType<570>(of<ConvOut<572, 3>>());
expectType<4094>(of<ConvOut<4096, 3>>());
expectType<65534>(of<ConvOut<65536, 3>>());
expectType<2147483646>(of<ConvOut<2147483648, 3>>());
expectType<9007199254740989>(of<ConvOut<9007199254740991, 3>>());

// 3x3, stride 2, padding 1: floor((H - 1) / 2) + 1
expectType<"conv2d: axis H: input size should be greater than zero, but got 0">(of<ConvOut<0, 3, 2, 1>>());
expectType<1>(of<ConvOut<1, 3, 2, 1>>());
expectType<5>(of<ConvOut<9, 3, 2, 1>>());
expectType<286>(of<ConvOut<572, 3, 2, 1>>());
expectType<2048>(of<ConvOut<4096, 3, 2, 1>>());
expectType<32768>(of<ConvOut<65536, 3, 2, 1>>());
expectType<1073741824>(of<ConvOut<2147483648, 3, 2, 1>>());
expectType<4503599627370496>(of<ConvOut<9007199254740991, 3, 2, 1>>());

// dilation 2 spans 5: H - 4; 7x7 stride 2 padding 3 (ResNet stem)
expectType<5>(of<ConvOut<9, 3, 1, 0, 2>>());
expectType<568>(of<ConvOut<572, 3, 1, 0, 2>>());
expectType<9007199254740987>(of<ConvOut<9007199254740991, 3, 1, 0, 2>>());
expectType<112>(of<ConvOut<224, 7, 2, 3>>());
expectType<2048>(of<ConvOut<4096, 7, 2, 3>>());
// large geometry values
expectType<1>(of<ConvOut<9, 3, 2147483648>>());
expectType<1431655768>(of<ConvOut<9, 3, 3, 2147483648>>()); // (9 + 2^32 - 3) / 3 + 1

// same padding (S = D = 1, K = 2P + 1) is H itself, also for a generic H
// (under same padding H is returned unvalidated: a literal 0 cannot be told from a generic H without deferring)
expectType<1>(of<ConvOut<1, 1>>());
expectType<9007199254740991>(of<ConvOut<9007199254740991, 5, 1, 2>>());
export function samePadding<H extends number>(): void {
  expectType<H>(of<ConvOut<H, 3, 1, 1>>());
  expectType<H>(of<ConvOut<H, 7, 1, 3>>());
}

// `number` in gives `number` out; unions distribute
expectType<number>(of<ConvOut<number, 3>>());
expectType<number>(of<ConvOut<9, number>>());
expectType<number>(of<ConvOut<9, 3, number>>());
expectType<number>(of<ConvOut<9, 3, 1, number>>());
expectType<number>(of<ConvOut<9, 3, 1, 0, number>>());
expectType<number>(of<ConvOut<number, 3, 1, 1>>());
expectType<7 | 570>(of<ConvOut<9 | 572, 3>>());
expectType<7 | 5>(of<ConvOut<9, 3 | 5>>());

// errors: exact messages, naming the operation and the axis
expectType<"conv2d: axis H: dilated kernel 7 is larger than padded input 2">(of<ConvOut<2, 7>>());
expectType<"conv2d: axis H: dilated kernel 9 is larger than padded input 8">(of<ConvOut<8, 3, 1, 0, 4>>());
expectType<"conv2d: axis H: kernel size should be greater than zero, but got 0">(of<ConvOut<8, 0>>());
expectType<"conv2d: axis H: stride should be greater than zero, but got 0">(of<ConvOut<8, 3, 0>>());
expectType<"conv2d: axis H: dilation should be greater than zero, but got 0">(of<ConvOut<8, 3, 1, 0, 0>>());
expectType<"conv2d: axis H: input size must be a natural number, got -1">(of<ConvOut<-1, 3>>());
expectType<"conv2d: axis H: input size must be a natural number, got 2.5">(of<ConvOut<2.5, 3>>());
expectType<"conv2d: axis H: input size must be at most 2^53 - 1, got 9007199254740992">(of<ConvOut<9007199254740992, 3>>());
expectType<"conv2d: axis H: kernel size must be a natural number, got -3">(of<ConvOut<9, -3>>());
expectType<"conv2d: axis H: stride must be a natural number, got 1.5">(of<ConvOut<8, 3, 1.5>>());
expectType<"conv2d: axis H: padding must be a natural number, got Infinity">(of<ConvOut<8, 3, 1, 1e999>>());
expectType<"conv2d: axis H: dilation must be at most 2^53 - 1, got 1e+21">(of<ConvOut<8, 3, 1, 0, 1e21>>());
expectType<"conv2d: axis H: output size 9007199254740993 exceeds 2^53 - 1">(of<ConvOut<9007199254740991, 1, 1, 1>>());
expectType<"conv1d: axis L: dilated kernel 7 is larger than padded input 2">(of<ConvOut<2, 7, 1, 0, 1, "conv1d", "L">>());
// a literal error wins over `number`; an earlier message passes through
expectType<"conv2d: axis H: kernel size should be greater than zero, but got 0">(of<ConvOut<number, 0>>());
expectType<"conv2d: axis H: kernel size should be greater than zero, but got 0">(of<ConvOut<9, 0, number>>());
expectType<"conv2d: axis H: dilation should be greater than zero, but got 0">(of<ConvOut<9, number, 1, 0, 0>>());
expectType<"conv2d: axis H: stride must be a natural number, got -1">(of<ConvOut<9, number, -1>>());
expectType<"Sub: 3 - 5 is below 0">(of<ConvOut<"Sub: 3 - 5 is below 0", 3>>());
// a message is never a dimension
expectError(dim(of<ConvOut<2, 7>>()));
expectError(dim(of<ConvOut<8, 3, 0>>()));
