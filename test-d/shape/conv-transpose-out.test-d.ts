import { expectError, expectType } from "tsd";
import type { ConvTransposeOut } from "../../types/index.js";

declare const of: <T>() => T;
/** A dimension parameter: a message is not a number (TS2345). */
declare function dim(n: number): void;

// 2x2 stride 2 (U-Net's up-convolution): 2H
expectType<"convTranspose2d: axis H: input size should be greater than zero, but got 0">(of<ConvTransposeOut<0, 2, 2>>());
expectType<"convTranspose2d: axis H: input size should be greater than zero, but got 0">(of<ConvTransposeOut<0, 3, 1>>());
expectType<18>(of<ConvTransposeOut<9, 2, 2>>());
expectType<1144>(of<ConvTransposeOut<572, 2, 2>>());
expectType<8192>(of<ConvTransposeOut<4096, 2, 2>>());
expectType<131072>(of<ConvTransposeOut<65536, 2, 2>>());
expectType<4294967296>(of<ConvTransposeOut<2147483648, 2, 2>>());
expectType<"convTranspose2d: axis H: output size 18014398509481982 exceeds 2^53 - 1">(of<ConvTransposeOut<9007199254740991, 2, 2>>());
expectType<9007199254740990>(of<ConvTransposeOut<4503599627370495, 2, 2>>());

// 3x3, stride 2, padding 1, output padding 1: 2H; 4x4 stride 2 padding 1: 2H
expectType<18>(of<ConvTransposeOut<9, 3, 2, 1, 1>>());
expectType<1144>(of<ConvTransposeOut<572, 3, 2, 1, 1>>());
expectType<131072>(of<ConvTransposeOut<65536, 3, 2, 1, 1>>());
expectType<17>(of<ConvTransposeOut<9, 3, 2, 1, 0>>());
expectType<8192>(of<ConvTransposeOut<4096, 4, 2, 1>>());
expectType<4294967296>(of<ConvTransposeOut<2147483648, 4, 2, 1>>());
// output padding below dilation is allowed even when it is not below stride
expectType<9>(of<ConvTransposeOut<4, 3, 1, 0, 1, 2>>());
// stride 1 transposed conv grows by K - 1
expectType<9007199254740991>(of<ConvTransposeOut<9007199254740989, 3>>());

// same padding with output padding 0 is H itself, also for a generic H
expectType<572>(of<ConvTransposeOut<572, 3, 1, 1>>());
export function samePadding<H extends number>(): void {
  expectType<H>(of<ConvTransposeOut<H, 3, 1, 1>>());
}

// `number` in gives `number` out; unions distribute
expectType<number>(of<ConvTransposeOut<number, 2, 2>>());
expectType<number>(of<ConvTransposeOut<9, number, 2>>());
expectType<number>(of<ConvTransposeOut<9, 2, number>>());
expectType<number>(of<ConvTransposeOut<9, 3, 2, number>>());
expectType<number>(of<ConvTransposeOut<9, 3, 2, 1, number>>());
expectType<number>(of<ConvTransposeOut<9, 3, 2, 1, 0, number>>());
expectType<18 | 1144>(of<ConvTransposeOut<9 | 572, 2, 2>>());

// errors: exact messages
expectType<"convTranspose2d: axis H: output padding 2 must be smaller than either stride 2 or dilation 1">(
  of<ConvTransposeOut<4, 2, 2, 0, 2>>(),
);
expectType<"convTranspose2d: axis H: output padding 2 must be smaller than either stride 2 or dilation 2">(
  of<ConvTransposeOut<4, 2, 2, 0, 2, 2>>(),
);
expectType<"convTranspose2d: axis H: calculated output size -1 is too small for input size 1">(of<ConvTransposeOut<1, 1, 1, 1>>());
expectType<"convTranspose2d: axis H: calculated output size 0 is too small for input size 1">(of<ConvTransposeOut<1, 2, 1, 1>>());
expectType<"convTranspose2d: axis H: kernel size should be greater than zero, but got 0">(of<ConvTransposeOut<8, 0>>());
expectType<"convTranspose2d: axis H: stride should be greater than zero, but got 0">(of<ConvTransposeOut<8, 2, 0>>());
expectType<"convTranspose2d: axis H: dilation should be greater than zero, but got 0">(of<ConvTransposeOut<8, 2, 2, 0, 0, 0>>());
expectType<"convTranspose2d: axis H: input size must be a natural number, got -1">(of<ConvTransposeOut<-1, 2, 2>>());
expectType<"convTranspose2d: axis H: output padding must be a natural number, got 0.5">(of<ConvTransposeOut<8, 2, 2, 0, 0.5>>());
expectType<"convTranspose2d: axis H: padding must be at most 2^53 - 1, got 9007199254740992">(of<ConvTransposeOut<8, 2, 2, 9007199254740992>>());
expectType<"up: axis W: input size should be greater than zero, but got 0">(of<ConvTransposeOut<0, 2, 2, 0, 0, 1, "up", "W">>());
expectType<"convTranspose2d: axis H: output padding 2 must be smaller than either stride 2 or dilation 1">(
  of<ConvTransposeOut<number, 2, 2, 0, 2>>(),
);
expectType<"convTranspose2d: axis H: output padding 2 must be smaller than either stride 2 or dilation 1">(
  of<ConvTransposeOut<9, 2, 2, number, 2>>(),
);
expectType<number>(of<ConvTransposeOut<9, 2, number, 0, 2>>()); // a stride above 2 would allow it
expectError(dim(of<ConvTransposeOut<4, 2, 2, 0, 2>>()));
expectError(dim(of<ConvTransposeOut<1, 1, 1, 1>>()));
