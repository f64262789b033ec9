import { expectError, expectType } from "tsd";
import type { AxisLabel, OrMessage, Shape, ShapesAgree } from "../../types/index.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";

declare const of: <T>() => T;

// ShapesAgree: `true`, or the message for the first axis (in the order given) that differs.
expectType<true>(of<ShapesAgree<"concat", [64, 7, 8], [32, 7, 8], [1, 2]>>());
expectType<"concat: axis 1 (H) must match: 7 vs 6">(of<ShapesAgree<"concat", [64, 7, 8], [64, 6, 8], [1, 2]>>());
expectType<"concat: axis 2 (W) must match: 8 vs 9">(of<ShapesAgree<"concat", [64, 7, 8], [64, 6, 9], [2, 1]>>());
expectType<"add: axis 0 (N) must match: 2 vs 3">(of<ShapesAgree<"add", [2, 3, 4, 4], [3, 3, 4, 4], [0, 1, 2, 3]>>());
expectType<"matmul: axis 1 must match: 3 vs 5">(of<ShapesAgree<"matmul", [2, 3], [4, 5], [1]>>());
expectType<"concat: axis 2 is out of range for rank 2">(of<ShapesAgree<"concat", [64, 7, 8], [64, 7], [1, 2]>>());
expectType<"concat: axis 3 is out of range for rank 3">(of<ShapesAgree<"concat", [64, 7, 8], [64, 7, 8], [3]>>());
expectType<true>(of<ShapesAgree<"concat", [64, 7, 8], [64, 7, 8], []>>());
// `number` sizes and ranks agree with anything: they are checked at run time.
expectType<true>(of<ShapesAgree<"concat", [64, number, 8], [64, 6, 8], [1, 2]>>());
expectType<true>(of<ShapesAgree<"concat", number[], [64, 6, 8], [1, 2]>>());
expectType<"concat: axis 2 (W) must match: 8 vs 9">(of<ShapesAgree<"concat", [64, number, 8], [64, 6, 9], [1, 2]>>());
// large sizes
expectType<"big: axis 0 must match: 9007199254740991 vs 9007199254740990">(
  of<ShapesAgree<"big", [9007199254740991], [9007199254740990], [0]>>(),
);

expectType<"axis 1 (H)">(of<AxisLabel<3, 1>>());
expectType<"axis 3 (W)">(of<AxisLabel<4, 3>>());
expectType<"axis 1">(of<AxisLabel<2, 1>>());

// OrMessage on a parameter: the offending argument's type becomes the message (TS2345).
declare function joinChannels<SA extends Shape, SB extends Shape>(
  a: Tensor<SA>,
  b: OrMessage<Tensor<SB>, ShapesAgree<"concat", SA, SB, [1, 2]>>,
): Tensor<SB>;
expectType<Tensor<[32, 7, 8]>>(joinChannels(zeros([64, 7, 8]), zeros([32, 7, 8])));
expectError(joinChannels(zeros([64, 7, 8]), zeros([64, 6, 8])));
expectError(joinChannels(zeros([3, 8, 8]), zeros([3, 8, 9])));
expectError(joinChannels(zeros([64, 7, 8]), zeros([64, 7])));
expectType<Tensor<[1]>>(of<OrMessage<Tensor<[1]>, true>>());
expectType<"m">(of<OrMessage<Tensor<[1]>, "m">>());
