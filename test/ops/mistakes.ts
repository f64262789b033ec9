/**
 * Every mistake the typed ops reject, each written once: the sentence, a call that makes it at run time
 * (tensors with plain `number` dims, which the compiler cannot judge), and (below) the parameter type the
 * compiler gives the same call with literal shapes. `Same<...>` makes tsc (TS 5.9 and TS 7, both compile this
 * file) prove the compile-time message IS the sentence; ops-errors.test.ts proves the runtime throws it.
 */
import { batchNorm2d, batchNorm2dBackward, type BatchNorm2dOptions, createBatchNorm2d } from "../../src/ops/batch-norm2d.js";
import { centerCropBackward } from "../../src/ops/center-crop.js";
import { concat, concatBackward } from "../../src/ops/concat.js";
import { convTranspose2d, convTranspose2dBackward, type ConvTranspose2dOptions } from "../../src/ops/conv-transpose2d.js";
import { type BackwardOptions, conv2d, conv2dBackward, type Conv2dOptions } from "../../src/ops/conv2d.js";
import { conv2dRelu } from "../../src/ops/conv2d-relu.js";
import { maxPool2d, maxPool2dBackward, maxPool2dWithIndices, type MaxPool2dOptions } from "../../src/ops/max-pool2d.js";
import { reluBackward } from "../../src/ops/relu.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";
import type { ConcatShape } from "../../types/ops/concat.js";
import type { DType } from "../../types/tensor/shape.js";

/** A zero tensor whose shape type is `number[]` (and dtype `DType` when given): every check on it happens at run time. */
export function dyn(shape: number[]): Tensor<number[]>;
export function dyn(shape: number[], dtype: DType): Tensor<number[], DType>;
export function dyn(shape: number[], dtype: DType = "float32"): Tensor<number[], DType> {
  return zeros(shape, { dtype });
}

/** An options object the compiler takes as T whatever its keys: its unknown keys are caught at run time only. */
function unchecked<T>(options: object): T {
  return options as T;
}

/** A hyperparameter the compiler sees as `number`. */
function num(value: number): number {
  return value;
}

export const mistakes = {
  conv2dXRank: {
    message: "conv2d: x must be (C, H, W) or (N, C, H, W), got rank 2",
    run: () => conv2d(dyn([8, 8]), dyn([4, 3, 3, 3])),
  },
  conv2dWeightRank: {
    message: "conv2d: weight must be (outC, inC, kH, kW), got rank 3",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3])),
  },
  conv2dChannels: {
    message: "conv2d: weight axis 1 (inC) and x's channel axis must match: 3 vs 2",
    run: () => conv2d(dyn([2, 8, 8]), dyn([4, 3, 3, 3])),
  },
  conv2dChannelsBatched: {
    message: "conv2d: weight axis 1 (inC) and x's channel axis must match: 3 vs 2",
    run: () => conv2d(dyn([5, 2, 8, 8]), dyn([4, 3, 3, 3])),
  },
  conv2dBias: {
    message: "conv2d: bias axis 0 and weight axis 0 must match: 5 vs 4",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([5])),
  },
  conv2dBiasRank: {
    message: "conv2d: bias must be (outC), got rank 2",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([4, 1])),
  },
  conv2dStrideZero: {
    message: "conv2d: axis H: stride should be greater than zero, but got 0",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, { stride: num(0) }),
  },
  conv2dStrideZeroW: {
    message: "conv2d: axis W: stride should be greater than zero, but got 0",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, { stride: [1, num(0)] }),
  },
  conv2dPaddingNegative: {
    message: "conv2d: axis H: padding must be a natural number, got -1",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, { padding: num(-1) }),
  },
  conv2dDilationZeroW: {
    message: "conv2d: axis W: dilation should be greater than zero, but got 0",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, { dilation: [2, num(0)] }),
  },
  conv2dStrideFractional: {
    message: "conv2d: axis H: stride must be a natural number, got 1.5",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, { stride: num(1.5) }),
  },
  conv2dDilationZero: {
    message: "conv2d: axis H: dilation should be greater than zero, but got 0",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, { dilation: num(0) }),
  },
  conv2dBadOptionsBeforeKernel: {
    // The options are checked on their own before any formula: a zero kernel and a zero stride report the stride.
    message: "conv2d: axis H: stride should be greater than zero, but got 0",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 0, 3]), null, { stride: num(0) }),
  },
  conv2dBiasBeforeOptions: {
    // One argument at a time, in order: the bias (argument 2) before the options (argument 3).
    message: "conv2d: bias axis 0 and weight axis 0 must match: 5 vs 4",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([5]), { stride: num(0) }),
  },
  conv2dWeightDTypeBeforeOptions: {
    message: "conv2d: weight must be float32 like x, got float64",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3], "float64"), null, { padding: num(-1) }),
  },
  conv2dReluPaddingNegative: {
    message: "conv2dRelu: axis W: padding must be a natural number, got -1",
    run: () => conv2dRelu(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, { padding: [0, num(-1)] }),
  },
  conv2dBackwardStrideZero: {
    message: "conv2dBackward: axis H: stride should be greater than zero, but got 0",
    run: () => conv2dBackward(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([4, 6, 6]), { stride: num(0) }),
  },
  conv2dKernelTooLarge: {
    message: "conv2d: axis H: dilated kernel 9 is larger than padded input 8",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 9, 9])),
  },
  conv2dDilatedKernelTooLargeW: {
    message: "conv2d: axis W: dilated kernel 7 is larger than padded input 6",
    run: () => conv2d(dyn([3, 8, 4]), dyn([4, 3, 3, 3]), null, { padding: [0, 1], dilation: [1, 3] }),
  },
  conv2dWeightDType: {
    message: "conv2d: weight must be float32 like x, got float64",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3], "float64")),
  },
  conv2dBiasDType: {
    message: "conv2d: bias must be float32 like x, got float64",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([4], "float64")),
  },
  conv2dBackwardDy: {
    message: "conv2dBackward: axis 2 of dy and of the forward output must match: 7 vs 8",
    run: () => conv2dBackward(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([4, 8, 7]), { padding: 1 }),
  },
  conv2dBackwardDyRank: {
    message: "conv2dBackward: dy must be rank 3 like the forward output, got rank 4",
    run: () => conv2dBackward(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([1, 4, 8, 8]), { padding: 1 }),
  },
  conv2dBackwardDyDType: {
    message: "conv2dBackward: dy must be float32 like x, got float64",
    run: () => conv2dBackward(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([4, 8, 8], "float64"), { padding: 1 }),
  },
  conv2dBackwardChannels: {
    message: "conv2dBackward: weight axis 1 (inC) and x's channel axis must match: 3 vs 2",
    run: () => conv2dBackward(dyn([2, 8, 8]), dyn([4, 3, 3, 3]), dyn([4, 6, 6])),
  },
  convTransposeChannels: {
    message: "convTranspose2d: weight axis 0 (inC) and x's channel axis must match: 128 vs 64",
    run: () => convTranspose2d(dyn([64, 4, 4]), dyn([128, 64, 2, 2]), null, { stride: 2 }),
  },
  convTransposeBias: {
    message: "convTranspose2d: bias axis 0 and weight axis 1 must match: 128 vs 64",
    run: () => convTranspose2d(dyn([128, 4, 4]), dyn([128, 64, 2, 2]), dyn([128]), { stride: 2 }),
  },
  convTransposeOutputPadding: {
    message: "convTranspose2d: axis H: output padding 2 must be smaller than either stride 2 or dilation 1",
    run: () => convTranspose2d(dyn([2, 4, 5]), dyn([2, 3, 3, 3]), null, { stride: 2, outputPadding: num(2) }),
  },
  convTransposeTooSmall: {
    message: "convTranspose2d: axis H: calculated output size -1 is too small for input size 1",
    run: () => convTranspose2d(dyn([4, 1, 1]), dyn([4, 2, 1, 1]), null, { padding: 1 }),
  },
  convTransposeStrideZero: {
    message: "convTranspose2d: axis H: stride should be greater than zero, but got 0",
    run: () => convTranspose2d(dyn([4, 3, 3]), dyn([4, 2, 3, 3]), null, { stride: [num(0), 1] }),
  },
  convTransposePaddingFractional: {
    message: "convTranspose2d: axis W: padding must be a natural number, got 1.5",
    run: () => convTranspose2d(dyn([4, 3, 3]), dyn([4, 2, 3, 3]), null, { padding: [1, num(1.5)] }),
  },
  convTransposeBackwardDilationZero: {
    message: "convTranspose2dBackward: axis H: dilation should be greater than zero, but got 0",
    run: () => convTranspose2dBackward(dyn([4, 3, 3]), dyn([4, 2, 3, 3]), dyn([2, 5, 5]), { dilation: num(0) }),
  },
  convTransposeWeightDType: {
    message: "convTranspose2d: weight must be float64 like x, got float32",
    run: () => convTranspose2d(dyn([4, 3, 3], "float64"), dyn([4, 2, 3, 3])),
  },
  convTransposeBackwardDy: {
    message: "convTranspose2dBackward: axis 0 of dy and of the forward output must match: 3 vs 2",
    run: () => convTranspose2dBackward(dyn([4, 3, 3]), dyn([4, 2, 3, 3]), dyn([3, 5, 5])),
  },
  maxPoolKernelZero: {
    message: "maxPool2d: axis H: kernel size should be greater than zero, but got 0",
    run: () => maxPool2d(dyn([3, 8, 8]), { kernel: num(0) }),
  },
  maxPoolStrideZeroW: {
    message: "maxPool2d: axis W: stride should be greater than zero, but got 0",
    run: () => maxPool2d(dyn([3, 8, 8]), { kernel: 2, stride: [2, num(0)] }),
  },
  maxPoolPadding: {
    message: "maxPool2d: axis H: padding 2 should be at most half of kernel size 3",
    run: () => maxPool2d(dyn([3, 8, 8]), { kernel: 3, padding: num(2) }),
  },
  maxPoolKernelTooLarge: {
    message: "maxPool2d: axis H: dilated kernel 9 is larger than padded input 8",
    run: () => maxPool2d(dyn([3, 8, 8]), { kernel: 3, dilation: num(4) }),
  },
  maxPoolRank: {
    message: "maxPool2d: x must be (C, H, W) or (N, C, H, W), got rank 5",
    run: () => maxPool2d(dyn([1, 1, 3, 8, 8]), { kernel: 2 }),
  },
  maxPoolBackwardDy: {
    message: "maxPool2dBackward: axis 2 of dy and of the forward output must match: 5 vs 4",
    run: () => maxPool2dBackward(dyn([3, 4, 5]), maxPool2dWithIndices(dyn([3, 8, 8]), { kernel: 2 }).saved),
  },
  maxPoolBackwardDyDType: {
    message: "maxPool2dBackward: dy must be float32 like x, got float64",
    run: () => maxPool2dBackward(dyn([3, 4, 4], "float64"), maxPool2dWithIndices(dyn([3, 8, 8]), { kernel: 2 }).saved),
  },
  reluBackwardDy: {
    message: "reluBackward: axis 1 of dy and of the forward output must match: 3 vs 4",
    run: () => reluBackward(dyn([2, 3]), dyn([2, 4])),
  },
  reluBackwardDyDType: {
    message: "reluBackward: dy must be float64 like y, got float32",
    run: () => reluBackward(dyn([2, 3]), dyn([2, 3], "float64")),
  },
  concatOtherAxis: {
    message: "concat: axis 2 (W) must match: 4 vs 5",
    run: () => concat([dyn([2, 3, 4]), dyn([2, 3, 5])], 0),
  },
  concatBatchAxis: {
    message: "concat: axis 0 (N) must match: 1 vs 2",
    run: () => concat([dyn([1, 2, 3, 4]), dyn([2, 3, 3, 4])], 1),
  },
  concatRank: {
    message: "concat: every tensor must be rank 3 like the first, got rank 4",
    run: () => concat([dyn([2, 3, 4]), dyn([5, 3, 4, 1])], 0),
  },
  concatAxisTooLarge: {
    message: "concat: axis 3 is out of range for rank 3",
    run: () => concat([dyn([2, 3, 4]), dyn([2, 3, 4])], 3),
  },
  concatAxisTooNegative: {
    message: "concat: axis -4 is out of range for rank 3",
    run: () => concat([dyn([2, 3, 4]), dyn([2, 3, 4])], -4),
  },
  concatNothing: {
    message: "concat: needs at least one tensor",
    run: () => concat([] as Tensor<number[]>[], 0),
  },
  concatDType: {
    message: "concat: tensor 2 must be float32 like tensor 0, got float64",
    run: () => concat([dyn([1, 3, 4]), dyn([2, 3, 4]), dyn([2, 3, 4], "float64")], 0),
  },
  concatBackwardDy: {
    message: "concatBackward: axis 0 of dy and of the forward output must match: 4 vs 5",
    run: () => concatBackward(dyn([4, 3, 4]), [dyn([2, 3, 4]), dyn([3, 3, 4])], 0),
  },
  batchNorm2dBackwardDy: {
    message: "batchNorm2dBackward: axis 3 of dy and of the forward output must match: 5 vs 4",
    run: () => batchNorm2dBackward(dyn([2, 3, 4, 5]), batchNorm2d(dyn([2, 3, 4, 4]), createBatchNorm2d(3), { training: true }).saved),
  },
  batchNorm2dBackwardDyRank: {
    message: "batchNorm2dBackward: dy must be rank 4 like the forward output, got rank 3",
    run: () => batchNorm2dBackward(dyn([3, 4, 4]), batchNorm2d(dyn([2, 3, 4, 4]), createBatchNorm2d(3), { training: true }).saved),
  },
  batchNorm2dBackwardDyDType: {
    message: "batchNorm2dBackward: dy must be float32 like x, got float64",
    run: () => batchNorm2dBackward(dyn([2, 3, 4, 4], "float64"), batchNorm2d(dyn([2, 3, 4, 4]), createBatchNorm2d(3), { training: true }).saved),
  },
  centerCropBackwardDy: {
    message: "centerCropBackward: axis 3 of dy and of the forward output must match: 3 vs 4",
    run: () => centerCropBackward(dyn([1, 2, 3, 3]), dyn([1, 2, 5, 6]), [3, 4]),
  },
  centerCropBackwardDyDType: {
    message: "centerCropBackward: dy must be float32 like x, got float64",
    run: () => centerCropBackward(dyn([1, 2, 3, 4], "float64"), dyn([1, 2, 5, 6]), [3, 4]),
  },
  conv2dUnknownOption: {
    message: "conv2d: unknown option paddng; the options are stride, padding, dilation",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), null, unchecked<Conv2dOptions>({ paddng: 1 })),
  },
  conv2dBackwardUnknownOption: {
    message: "conv2dBackward: unknown option padding_mode; the options are stride, padding, dilation",
    run: () => conv2dBackward(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([4, 6, 6]), unchecked<Conv2dOptions>({ padding_mode: "zeros" })),
  },
  conv2dBackwardUnknownBackwardOption: {
    message: "conv2dBackward: unknown option weight; the options are bias",
    run: () => conv2dBackward(dyn([3, 8, 8]), dyn([4, 3, 3, 3]), dyn([4, 6, 6]), {}, unchecked<BackwardOptions>({ bias: false, weight: false })),
  },
  convTransposeUnknownOption: {
    message: "convTranspose2d: unknown option output_padding; the options are stride, padding, outputPadding, dilation",
    run: () =>
      convTranspose2d(dyn([3, 8, 8]), dyn([3, 4, 3, 3]), null, unchecked<ConvTranspose2dOptions>({ stride: 2, padding: 1, output_padding: 1 })),
  },
  convTransposeBackwardUnknownOption: {
    message: "convTranspose2dBackward: unknown option biases; the options are bias",
    run: () =>
      convTranspose2dBackward(dyn([3, 2, 2]), dyn([3, 4, 2, 2]), dyn([4, 4, 4]), { stride: 2 }, unchecked<BackwardOptions>({ biases: false })),
  },
  maxPoolUnknownOption: {
    message: "maxPool2d: unknown option ceil_mode; the options are kernel, stride, padding, dilation, ceilMode",
    run: () => maxPool2d(dyn([3, 8, 8]), unchecked<MaxPool2dOptions>({ kernel: 2, ceil_mode: true })),
  },
  maxPoolWithIndicesUnknownOption: {
    message: "maxPool2d: unknown option strides; the options are kernel, stride, padding, dilation, ceilMode",
    run: () => maxPool2dWithIndices(dyn([3, 8, 8]), unchecked<MaxPool2dOptions>({ kernel: 2, strides: 2 })),
  },
  batchNormUnknownOption: {
    message: "batchNorm2d: unknown option train; the options are training, updateRunningStats",
    run: () => batchNorm2d(dyn([2, 3, 4, 4]), createBatchNorm2d(3), unchecked<BatchNorm2dOptions>({ training: true, train: true })),
  },
  conv2dWeightKernelZero: {
    message: "conv2d: axis H: kernel size should be greater than zero, but got 0",
    run: () => conv2d(dyn([3, 8, 8]), dyn([4, 3, 0, 3])),
  },
  conv2dInputZero: {
    message: "conv2d: axis H: input size should be greater than zero, but got 0",
    run: () => conv2d(dyn([3, 0, 8]), dyn([4, 3, 3, 3])),
  },
  conv2dInputZeroBatched: {
    message: "conv2d: axis W: input size should be greater than zero, but got 0",
    run: () => conv2d(dyn([2, 3, 8, 0]), dyn([4, 3, 3, 3])),
  },
  convTransposeInputZero: {
    message: "convTranspose2d: axis H: input size should be greater than zero, but got 0",
    run: () => convTranspose2d(dyn([3, 0, 8]), dyn([3, 4, 2, 2]), null, { stride: 2 }),
  },
  maxPoolInputZero: {
    message: "maxPool2d: axis H: input size should be greater than zero, but got 0",
    run: () => maxPool2d(dyn([3, 0, 8]), { kernel: 2 }),
  },
} as const;

/** No tensor this large can be allocated, so concatShape (the shape rule alone) is what the runtime test calls. */
export const concatOverflow = {
  message: "concat: axis 1: output size 9007199254740992 exceeds 2^53 - 1",
  shapes: [
    [3, 9007199254740991],
    [3, 1],
  ],
  axis: 1,
} as const;

type Mistake = keyof typeof mistakes;
type Message<K extends Mistake> = (typeof mistakes)[K]["message"];

/** Exact type equality (not mutual assignability). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type F32<S extends number[]> = Tensor<S, "float32">;
type F64<S extends number[]> = Tensor<S, "float64">;
type Arg<F extends (...args: never[]) => unknown, I extends number> = Parameters<F>[I];

/**
 * The parameter the compiler checks each call's offending argument against, for the literal-shape version of
 * each `run` above: the argument's own type intersected with the message, so the error reads the sentence.
 */
export type CompileTimeMessages = [
  Assert<Same<Arg<typeof conv2d<[3, 8, 8], [4, 3, 0, 3], "float32", "float32">, 1>, F32<[4, 3, 0, 3]> & Message<"conv2dWeightKernelZero">>>,
  Assert<Same<Arg<typeof conv2d<[3, 0, 8], [4, 3, 3, 3], "float32", "float32">, 1>, F32<[4, 3, 3, 3]> & Message<"conv2dInputZero">>>,
  Assert<Same<Arg<typeof conv2d<[2, 3, 8, 0], [4, 3, 3, 3], "float32", "float32">, 1>, F32<[4, 3, 3, 3]> & Message<"conv2dInputZeroBatched">>>,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[3, 0, 8], [3, 4, 2, 2], "float32", "float32", [4], "float32", { stride: 2 }>, 1>,
      F32<[3, 4, 2, 2]> & Message<"convTransposeInputZero">
    >
  >,
  Assert<Same<Arg<typeof maxPool2d<[3, 0, 8], "float32", { kernel: 2 }>, 1>, { kernel: 2 } & Message<"maxPoolInputZero">>>,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { paddng: 1 }>, 3>,
      ({ paddng: 1 } & Message<"conv2dUnknownOption">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2dBackward<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4, 6, 6], "float32", { padding_mode: "zeros" }>, 3>,
      ({ padding_mode: "zeros" } & Message<"conv2dBackwardUnknownOption">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2dBackward<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4, 6, 6], "float32", {}, { bias: false; weight: false }>, 4>,
      ({ bias: false; weight: false } & Message<"conv2dBackwardUnknownBackwardOption">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[3, 8, 8], [3, 4, 3, 3], "float32", "float32", [4], "float32", { stride: 2; padding: 1; output_padding: 1 }>, 3>,
      ({ stride: 2; padding: 1; output_padding: 1 } & Message<"convTransposeUnknownOption">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2dBackward<[3, 2, 2], [3, 4, 2, 2], "float32", "float32", [4, 4, 4], "float32", { stride: 2 }, { biases: false }>, 4>,
      ({ biases: false } & Message<"convTransposeBackwardUnknownOption">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof batchNorm2d<[2, 3, 4, 4], "float32", 3, { training: true; train: true }>, 2>,
      { training: true; train: true } & Message<"batchNormUnknownOption">
    >
  >,
  Assert<
    Same<
      Arg<typeof maxPool2d<[3, 8, 8], "float32", { kernel: 2; ceil_mode: true }>, 1>,
      { kernel: 2; ceil_mode: true } & Message<"maxPoolUnknownOption">
    >
  >,
  Assert<
    Same<
      Arg<typeof maxPool2dWithIndices<[3, 8, 8], "float32", { kernel: 2; strides: 2 }>, 1>,
      { kernel: 2; strides: 2 } & Message<"maxPoolWithIndicesUnknownOption">
    >
  >,
  Assert<Same<Arg<typeof conv2d<[8, 8], [4, 3, 3, 3], "float32", "float32">, 0>, F32<[8, 8]> & Message<"conv2dXRank">>>,
  Assert<Same<Arg<typeof conv2d<[3, 8, 8], [4, 3, 3], "float32", "float32">, 1>, F32<[4, 3, 3]> & Message<"conv2dWeightRank">>>,
  Assert<Same<Arg<typeof conv2d<[2, 8, 8], [4, 3, 3, 3], "float32", "float32">, 1>, F32<[4, 3, 3, 3]> & Message<"conv2dChannels">>>,
  Assert<Same<Arg<typeof conv2d<[5, 2, 8, 8], [4, 3, 3, 3], "float32", "float32">, 1>, F32<[4, 3, 3, 3]> & Message<"conv2dChannelsBatched">>>,
  Assert<
    Same<Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [5], "float32">, 2>, (F32<[5]> & Message<"conv2dBias">) | null | undefined>
  >,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4, 1], "float32">, 2>,
      (F32<[4, 1]> & Message<"conv2dBiasRank">) | null | undefined
    >
  >,
  // Bad hyperparameters are reported at `options` (argument 3); the weight (argument 1) then passes.
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { stride: 0 }>, 3>,
      ({ stride: 0 } & Message<"conv2dStrideZero">) | undefined
    >
  >,
  Assert<Same<Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { stride: 0 }>, 1>, F32<[4, 3, 3, 3]>>>,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { stride: [1, 0] }>, 3>,
      ({ stride: [1, 0] } & Message<"conv2dStrideZeroW">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { padding: -1 }>, 3>,
      ({ padding: -1 } & Message<"conv2dPaddingNegative">) | undefined
    >
  >,
  Assert<Same<Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { padding: -1 }>, 1>, F32<[4, 3, 3, 3]>>>,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { dilation: [2, 0] }>, 3>,
      ({ dilation: [2, 0] } & Message<"conv2dDilationZeroW">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { stride: 1.5 }>, 3>,
      ({ stride: 1.5 } & Message<"conv2dStrideFractional">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { dilation: 0 }>, 3>,
      ({ dilation: 0 } & Message<"conv2dDilationZero">) | undefined
    >
  >,
  Assert<Same<Arg<typeof conv2d<[3, 8, 8], [4, 3, 0, 3], "float32", "float32", [4], "float32", { stride: 0 }>, 1>, F32<[4, 3, 0, 3]>>>,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 0, 3], "float32", "float32", [4], "float32", { stride: 0 }>, 3>,
      ({ stride: 0 } & Message<"conv2dBadOptionsBeforeKernel">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [5], "float32", { stride: 0 }>, 2>,
      (F32<[5]> & Message<"conv2dBiasBeforeOptions">) | null | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float64", [4], "float32", { padding: -1 }>, 1>,
      F64<[4, 3, 3, 3]> & Message<"conv2dWeightDTypeBeforeOptions">
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2dRelu<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float32", { padding: [0, -1] }>, 3>,
      ({ padding: [0, -1] } & Message<"conv2dReluPaddingNegative">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2dBackward<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4, 6, 6], "float32", { stride: 0 }>, 3>,
      ({ stride: 0 } & Message<"conv2dBackwardStrideZero">) | undefined
    >
  >,
  Assert<Same<Arg<typeof conv2dBackward<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4, 6, 6], "float32", { stride: 0 }>, 2>, F32<[4, 6, 6]>>>,
  Assert<Same<Arg<typeof conv2d<[3, 8, 8], [4, 3, 9, 9], "float32", "float32">, 1>, F32<[4, 3, 9, 9]> & Message<"conv2dKernelTooLarge">>>,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 4], [4, 3, 3, 3], "float32", "float32", [4], "float32", { padding: [0, 1]; dilation: [1, 3] }>, 1>,
      F32<[4, 3, 3, 3]> & Message<"conv2dDilatedKernelTooLargeW">
    >
  >,
  Assert<Same<Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float64">, 1>, F64<[4, 3, 3, 3]> & Message<"conv2dWeightDType">>>,
  Assert<
    Same<
      Arg<typeof conv2d<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4], "float64">, 2>,
      (F64<[4]> & Message<"conv2dBiasDType">) | null | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2dBackward<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4, 8, 7], "float32", { padding: 1 }>, 2>,
      F32<[4, 8, 7]> & Message<"conv2dBackwardDy">
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2dBackward<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [1, 4, 8, 8], "float32", { padding: 1 }>, 2>,
      F32<[1, 4, 8, 8]> & Message<"conv2dBackwardDyRank">
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2dBackward<[3, 8, 8], [4, 3, 3, 3], "float32", "float32", [4, 8, 8], "float64", { padding: 1 }>, 2>,
      F64<[4, 8, 8]> & Message<"conv2dBackwardDyDType">
    >
  >,
  Assert<
    Same<
      Arg<typeof conv2dBackward<[2, 8, 8], [4, 3, 3, 3], "float32", "float32", [4, 6, 6], "float32">, 1>,
      F32<[4, 3, 3, 3]> & Message<"conv2dBackwardChannels">
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[64, 4, 4], [128, 64, 2, 2], "float32", "float32", [64], "float32", { stride: 2 }>, 1>,
      F32<[128, 64, 2, 2]> & Message<"convTransposeChannels">
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[128, 4, 4], [128, 64, 2, 2], "float32", "float32", [128], "float32", { stride: 2 }>, 2>,
      (F32<[128]> & Message<"convTransposeBias">) | null | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[2, 4, 5], [2, 3, 3, 3], "float32", "float32", [3], "float32", { stride: 2; outputPadding: 2 }>, 3>,
      ({ stride: 2; outputPadding: 2 } & Message<"convTransposeOutputPadding">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[2, 4, 5], [2, 3, 3, 3], "float32", "float32", [3], "float32", { stride: 2; outputPadding: 2 }>, 1>,
      F32<[2, 3, 3, 3]>
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[4, 1, 1], [4, 2, 1, 1], "float32", "float32", [2], "float32", { padding: 1 }>, 1>,
      F32<[4, 2, 1, 1]> & Message<"convTransposeTooSmall">
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[4, 3, 3], [4, 2, 3, 3], "float32", "float32", [2], "float32", { stride: [0, 1] }>, 3>,
      ({ stride: [0, 1] } & Message<"convTransposeStrideZero">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2d<[4, 3, 3], [4, 2, 3, 3], "float32", "float32", [2], "float32", { padding: [1, 1.5] }>, 3>,
      ({ padding: [1, 1.5] } & Message<"convTransposePaddingFractional">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2dBackward<[4, 3, 3], [4, 2, 3, 3], "float32", "float32", [2, 5, 5], "float32", { dilation: 0 }>, 3>,
      ({ dilation: 0 } & Message<"convTransposeBackwardDilationZero">) | undefined
    >
  >,
  Assert<
    Same<Arg<typeof convTranspose2d<[4, 3, 3], [4, 2, 3, 3], "float64", "float32">, 1>, F32<[4, 2, 3, 3]> & Message<"convTransposeWeightDType">>
  >,
  Assert<
    Same<
      Arg<typeof convTranspose2dBackward<[4, 3, 3], [4, 2, 3, 3], "float32", "float32", [3, 5, 5], "float32">, 2>,
      F32<[3, 5, 5]> & Message<"convTransposeBackwardDy">
    >
  >,
  Assert<Same<Arg<typeof maxPool2d<[3, 8, 8], "float32", { kernel: 0 }>, 1>, { kernel: 0 } & Message<"maxPoolKernelZero">>>,
  Assert<
    Same<Arg<typeof maxPool2d<[3, 8, 8], "float32", { kernel: 2; stride: [2, 0] }>, 1>, { kernel: 2; stride: [2, 0] } & Message<"maxPoolStrideZeroW">>
  >,
  Assert<Same<Arg<typeof maxPool2d<[3, 8, 8], "float32", { kernel: 3; padding: 2 }>, 1>, { kernel: 3; padding: 2 } & Message<"maxPoolPadding">>>,
  Assert<
    Same<Arg<typeof maxPool2d<[3, 8, 8], "float32", { kernel: 3; dilation: 4 }>, 1>, { kernel: 3; dilation: 4 } & Message<"maxPoolKernelTooLarge">>
  >,
  Assert<Same<Arg<typeof maxPool2d<[1, 1, 3, 8, 8], "float32", { kernel: 2 }>, 0>, F32<[1, 1, 3, 8, 8]> & Message<"maxPoolRank">>>,
  Assert<
    Same<Arg<typeof maxPool2dBackward<[3, 8, 8], "float32", [3, 4, 4], [3, 4, 5], "float32">, 0>, F32<[3, 4, 5]> & Message<"maxPoolBackwardDy">>
  >,
  Assert<
    Same<Arg<typeof maxPool2dBackward<[3, 8, 8], "float32", [3, 4, 4], [3, 4, 4], "float64">, 0>, F64<[3, 4, 4]> & Message<"maxPoolBackwardDyDType">>
  >,
  Assert<Same<Arg<typeof reluBackward<[2, 3], "float32", [2, 4], "float32">, 0>, F32<[2, 3]> & Message<"reluBackwardDy">>>,
  Assert<Same<Arg<typeof reluBackward<[2, 3], "float32", [2, 3], "float64">, 0>, F32<[2, 3]> & Message<"reluBackwardDyDType">>>,
  Assert<Same<Arg<typeof concat<[F32<[2, 3, 4]>, F32<[2, 3, 5]>], 0>, 0>, [F32<[2, 3, 4]>, F32<[2, 3, 5]>] & Message<"concatOtherAxis">>>,
  Assert<Same<Arg<typeof concat<[F32<[1, 2, 3, 4]>, F32<[2, 3, 3, 4]>], 1>, 0>, [F32<[1, 2, 3, 4]>, F32<[2, 3, 3, 4]>] & Message<"concatBatchAxis">>>,
  Assert<Same<Arg<typeof concat<[F32<[2, 3, 4]>, F32<[5, 3, 4, 1]>], 0>, 0>, [F32<[2, 3, 4]>, F32<[5, 3, 4, 1]>] & Message<"concatRank">>>,
  // An axis out of range is reported at the axis, and the parts carry no second error.
  Assert<Same<Arg<typeof concat<[F32<[2, 3, 4]>, F32<[2, 3, 4]>], 3>, 1>, Message<"concatAxisTooLarge">>>,
  Assert<Same<Arg<typeof concat<[F32<[2, 3, 4]>, F32<[2, 3, 4]>], -4>, 1>, Message<"concatAxisTooNegative">>>,
  Assert<Same<Arg<typeof concat<[F32<[2, 3, 4]>, F32<[2, 3, 4]>], 3>, 0>, [F32<[2, 3, 4]>, F32<[2, 3, 4]>]>>,
  Assert<Same<Arg<typeof concat<readonly [], 0>, 0>, readonly [] & Message<"concatNothing">>>,
  Assert<
    Same<
      Arg<typeof concat<[F32<[1, 3, 4]>, F32<[2, 3, 4]>, F64<[2, 3, 4]>], 0>, 0>,
      [F32<[1, 3, 4]>, F32<[2, 3, 4]>, F64<[2, 3, 4]>] & Message<"concatDType">
    >
  >,
  Assert<Same<ConcatShape<(typeof concatOverflow)["shapes"], 1>, (typeof concatOverflow)["message"]>>,
  Assert<
    Same<Arg<typeof concatBackward<[F32<[2, 3, 4]>, F32<[3, 3, 4]>], 0, [4, 3, 4], "float32">, 0>, F32<[4, 3, 4]> & Message<"concatBackwardDy">>
  >,
  Assert<
    Same<
      Arg<typeof batchNorm2dBackward<[2, 3, 4, 4], 3, "float32", [2, 3, 4, 5], "float32">, 0>,
      F32<[2, 3, 4, 5]> & Message<"batchNorm2dBackwardDy">
    >
  >,
  Assert<
    Same<Arg<typeof batchNorm2dBackward<[2, 3, 4, 4], 3, "float32", [3, 4, 4], "float32">, 0>, F32<[3, 4, 4]> & Message<"batchNorm2dBackwardDyRank">>
  >,
  Assert<
    Same<
      Arg<typeof batchNorm2dBackward<[2, 3, 4, 4], 3, "float32", [2, 3, 4, 4], "float64">, 0>,
      F64<[2, 3, 4, 4]> & Message<"batchNorm2dBackwardDyDType">
    >
  >,
  Assert<
    Same<
      Arg<typeof centerCropBackward<[1, 2, 5, 6], "float32", [3, 4], [1, 2, 3, 3], "float32">, 0>,
      F32<[1, 2, 3, 3]> & Message<"centerCropBackwardDy">
    >
  >,
  Assert<
    Same<
      Arg<typeof centerCropBackward<[1, 2, 5, 6], "float32", [3, 4], [1, 2, 3, 4], "float64">, 0>,
      F64<[1, 2, 3, 4]> & Message<"centerCropBackwardDyDType">
    >
  >,
];
