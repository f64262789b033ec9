import { expectError, expectType } from "tsd";
import type { PoolOut } from "../../types/index.js";

declare const of: <T>() => T;
/** A dimension parameter: a message is not a number (TS2345). */
declare function dim(n: number): void;

// 2x2 max-pool, stride defaulting to the kernel: floor(H / 2)
expectType<"maxPool2d: axis H: input size should be greater than zero, but got 0">(of<PoolOut<0, 2>>());
expectType<4>(of<PoolOut<9, 2>>());
expectType<286>(of<PoolOut<572, 2>>());
expectType<2048>(of<PoolOut<4096, 2>>());
expectType<32768>(of<PoolOut<65536, 2>>());
expectType<1073741824>(of<PoolOut<2147483648, 2>>());
expectType<4503599627370495>(of<PoolOut<9007199254740991, 2>>());

// ceil mode: ceil(H / 2); the last window must start inside the input or the left padding
expectType<"maxPool2d: axis H: input size should be greater than zero, but got 0">(of<PoolOut<0, 2, 2, 0, 1, true>>());
expectType<5>(of<PoolOut<9, 2, 2, 0, 1, true>>());
expectType<286>(of<PoolOut<572, 2, 2, 0, 1, true>>());
expectType<2048>(of<PoolOut<4096, 2, 2, 0, 1, true>>());
expectType<32768>(of<PoolOut<65536, 2, 2, 0, 1, true>>());
expectType<1073741824>(of<PoolOut<2147483648, 2, 2, 0, 1, true>>());
expectType<4503599627370496>(of<PoolOut<9007199254740991, 2, 2, 0, 1, true>>());
expectType<3>(of<PoolOut<5, 2, 2, 1, 1, true>>()); // a 4th window would start in the right padding
expectType<3>(of<PoolOut<5, 2, 2, 1, 1, false>>());
expectType<1>(of<PoolOut<1, 2, 2, 0, 1, true>>()); // the window may hang over the end
expectType<4 | 5>(of<PoolOut<9, 2, 2, 0, 1, boolean>>());

// 3x3, stride 2, padding 1 (ResNet's pool): floor((H - 1) / 2) + 1; dilation
expectType<5>(of<PoolOut<9, 3, 2, 1>>());
expectType<286>(of<PoolOut<572, 3, 2, 1>>());
expectType<32768>(of<PoolOut<65536, 3, 2, 1>>());
expectType<4503599627370496>(of<PoolOut<9007199254740991, 3, 2, 1>>());
expectType<3>(of<PoolOut<9, 3, 2, 0, 2>>());

// same padding (S = D = 1, K = 2P + 1) is H itself, also for a generic H
expectType<572>(of<PoolOut<572, 3, 1, 1>>());
export function samePadding<H extends number>(): void {
  expectType<H>(of<PoolOut<H, 3, 1, 1>>());
  expectType<H>(of<PoolOut<H, 5, 1, 2, 1, true>>());
}

// `number` in gives `number` out; unions distribute
expectType<number>(of<PoolOut<number, 2>>());
expectType<number>(of<PoolOut<9, number>>());
expectType<number>(of<PoolOut<9, 2, number>>());
expectType<number>(of<PoolOut<9, 3, 2, number>>());
expectType<number>(of<PoolOut<9, 2, 2, 0, number>>());
expectType<4 | 286>(of<PoolOut<9 | 572, 2>>());

// errors: exact messages
expectType<"maxPool2d: axis H: dilated kernel 2 is larger than padded input 1">(of<PoolOut<1, 2>>());
expectType<"maxPool2d: axis H: kernel size should be greater than zero, but got 0">(of<PoolOut<8, 0>>());
expectType<"maxPool2d: axis H: stride should be greater than zero, but got 0">(of<PoolOut<8, 2, 0>>());
expectType<"maxPool2d: axis H: dilation should be greater than zero, but got 0">(of<PoolOut<8, 2, 2, 0, 0>>());
expectType<"maxPool2d: axis H: padding 2 should be at most half of kernel size 2">(of<PoolOut<8, 2, 2, 2>>());
expectType<"maxPool2d: axis H: padding 2 should be at most half of kernel size 3">(of<PoolOut<8, 3, 2, 2>>());
expectType<"maxPool2d: axis H: input size should be greater than zero, but got 0">(of<PoolOut<0, 1, 2, 0, 1, true>>());
expectType<"maxPool2d: axis H: input size must be a natural number, got -4">(of<PoolOut<-4, 2>>());
expectType<"maxPool2d: axis H: stride must be a natural number, got 0.5">(of<PoolOut<8, 2, 0.5>>());
expectType<"maxPool2d: axis H: input size must be at most 2^53 - 1, got 9007199254740992">(of<PoolOut<9007199254740992, 2>>());
expectType<"avgPool2d: axis W: padding 2 should be at most half of kernel size 2">(of<PoolOut<8, 2, 2, 2, 1, false, "avgPool2d", "W">>());
expectType<"maxPool2d: axis H: padding 2 should be at most half of kernel size 2">(of<PoolOut<number, 2, 2, 2>>());
expectType<"maxPool2d: axis H: padding 3 should be at most half of kernel size 2">(of<PoolOut<9, 2, number, 3>>());
expectType<number>(of<PoolOut<9, number, 2, 3>>()); // the kernel might be large enough
expectError(dim(of<PoolOut<8, 2, 2, 2>>()));
expectError(dim(of<PoolOut<1, 2>>()));
