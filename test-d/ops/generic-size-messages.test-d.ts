import { expectError, expectType } from "tsd";
import type { MustMatch, MustMatchThen } from "../../types/ops/common.js";
import type { BroadcastGuard, CanBroadcast } from "../../types/shape/broadcast.js";
import { add } from "../../src/ops/elementwise/add.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { linear } from "../../src/ops/linalg/linear.js";
import { matmul } from "../../src/ops/linalg/matmul.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";

// The guard parts that stay unresolved on a generic size (and then name it in the error) resolve on literals:
// `unknown` when the check passes, the run-time sentence when it fails.
declare const value: unknown;
expectType<unknown>(value as MustMatch<"conv2d", "weight axis 1 (inC) and x's channel axis", 3, 3>);
expectType<unknown>(value as MustMatch<"conv2d", "weight axis 1 (inC) and x's channel axis", 3, number>);
expectType<"conv2d: weight axis 1 (inC) and x's channel axis must match: 4 vs 3">(
  value as MustMatch<"conv2d", "weight axis 1 (inC) and x's channel axis", 4, 3>,
);
// MustMatchThen: the sizes first, then the checks after them.
expectType<unknown>(value as MustMatchThen<"linear", "weight axis 1 (in_features) and x's last axis", 5, 5, unknown>);
expectType<"later">(value as MustMatchThen<"linear", "weight axis 1 (in_features) and x's last axis", 5, 5, "later">);
expectType<"linear: weight axis 1 (in_features) and x's last axis must match: 5 vs 6">(
  value as MustMatchThen<"linear", "weight axis 1 (in_features) and x's last axis", 5, 6, "later">,
);
// Broadcast axis by axis, the rightmost failure first (as at run time).
expectType<unknown>(value as CanBroadcast<"add", -1, 3, 1>);
expectType<"add: cannot broadcast axis -1: 3 vs 4">(value as CanBroadcast<"add", -1, 3, 4>);
expectType<unknown>(value as BroadcastGuard<"add", [2, 3], [3]>);
expectType<"add: cannot broadcast axis -2: 2 vs 4">(value as BroadcastGuard<"add", [2, 3], [4, 3]>);
expectType<"add: cannot broadcast axis -1: 3 vs 5">(value as BroadcastGuard<"add", [2, 3], [4, 5]>);
expectType<"then">(value as BroadcastGuard<"add", [2, 3], [3], "then">);
expectType<"add: cannot broadcast axis -1: 3 vs 5">(value as BroadcastGuard<"add", [2, 3], [5], "then">);

// Generic sizes that are provably equal pass; ones that are not are errors (whose text
// test/types/generic-size-messages.test.ts checks).
function sameInner<N extends number, K extends number>(a: Tensor<[N, K]>, b: Tensor<[K, 4]>): Tensor<[N, 4]> {
  return matmul(a, b);
}
expectType<Tensor<[2, 4]>>(sameInner(zeros([2, 3]), zeros([3, 4])));
function sameFeatures<N extends number>(x: Tensor<[N, 5]>): Tensor<[N, 4]> {
  return linear(x, zeros([4, 5]));
}
expectType<Tensor<[2, 4]>>(sameFeatures(zeros([2, 5])));
function sameBroadcast<N extends number, M extends number>(a: Tensor<[N, 3, M]>, b: Tensor<[N, 3, M]>): Tensor<[N, 3, M]> {
  return add(a, b);
}
expectType<Tensor<[2, 3, 4]>>(sameBroadcast(zeros([2, 3, 4]), zeros([2, 3, 4])));
function channels<C extends number>(x: Tensor<[C, 8, 8]>) {
  expectError(conv2d(x, zeros([4, 3, 3, 3])));
  expectError(linear(zeros([2, 3]), zeros([4, 5])));
}
channels(zeros([3, 8, 8]));
