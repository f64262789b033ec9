import { expectError, expectType } from "tsd";
import { concat } from "../../src/ops/concat.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";

// One generic dim agrees with itself: concat along a literal axis of images with generic H.
function stackChannels<H extends number>(x: Tensor<[3, H, H]>): Tensor<[6, H, H]> {
  return concat([x, x], 0);
}
expectType<Tensor<[6, 5, 5]>>(stackChannels(zeros([3, 5, 5])));

function joinBatches<N extends number, H extends number, W extends number>(a: Tensor<[N, 3, H, W]>, b: Tensor<[N, 2, H, W]>): Tensor<[N, 5, H, W]> {
  return concat([a, b], 1);
}
expectType<Tensor<[2, 5, 4, 4]>>(joinBatches(zeros([2, 3, 4, 4]), zeros([2, 2, 4, 4])));

// A generic channel count C agrees with itself in conv2d's channel check.
function project<C extends number>(x: Tensor<[C, 8, 8]>, weight: Tensor<[4, C, 3, 3]>): Tensor<[4, 6, 6]> {
  return conv2d(x, weight);
}
expectType<Tensor<[4, 6, 6]>>(project(zeros([7, 8, 8]), zeros([4, 7, 3, 3])));

// Different generic dims are not provably equal: still a compile error.
function mismatched<H extends number, W extends number>(a: Tensor<[3, H]>, b: Tensor<[3, W]>): void {
  expectError(concat([a, b], 0));
}
expectType<void>(mismatched(zeros([3, 2]), zeros([3, 2])));

// Literal mismatches are still caught.
expectError(concat([zeros([3, 4, 4]), zeros([3, 5, 4])], 0));

// Joining along an axis whose size is generic: the sum cannot be written, so it is rejected (docs/ops.md);
// widening that axis to `number` first works.
function joinRows<H extends number>(x: Tensor<[3, H, H]>): Tensor<[3, number, H]> {
  expectError(concat([x, x], 1));
  const wide = x as Tensor<[3, number, H]>;
  return concat([wide, wide], 1);
}
expectType<Tensor<[3, number, 4]>>(joinRows(zeros([3, 4, 4])));
