import { expectType } from "tsd";
import { convTranspose2d } from "../../src/ops/conv-transpose2d.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { maxPool2d } from "../../src/ops/max-pool2d.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";
import type { BatchNorm2dOptionNames, BatchNorm2dOptions } from "../../src/ops/batch-norm2d.js";
import type { BackwardOptionNames, BackwardOptions, Conv2dOptionNames, Conv2dOptions } from "../../src/ops/conv2d.js";
import type { ConvTranspose2dOptionNames, ConvTranspose2dOptions } from "../../src/ops/conv-transpose2d.js";
import type { MaxPool2dOptionNames, MaxPool2dOptions } from "../../src/ops/max-pool2d.js";
import type { JoinNames, OptionKeysCheck } from "../../types/ops/options.js";

/** Exact type equality. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Each list of names is exactly its options type's keys, so the message lists every option and only those.
expectType<true>({} as Same<Conv2dOptionNames[number], keyof Conv2dOptions>);
expectType<true>({} as Same<ConvTranspose2dOptionNames[number], keyof ConvTranspose2dOptions>);
expectType<true>({} as Same<MaxPool2dOptionNames[number], keyof MaxPool2dOptions>);
expectType<true>({} as Same<BackwardOptionNames[number], keyof BackwardOptions>);
expectType<true>({} as Same<BatchNorm2dOptionNames[number], keyof BatchNorm2dOptions>);

expectType<"kernel, stride, padding, dilation, ceilMode">({} as JoinNames<MaxPool2dOptionNames>);
expectType<true>({} as OptionKeysCheck<"maxPool2d", { kernel: 2; ceilMode: true }, MaxPool2dOptionNames>);
expectType<true>({} as OptionKeysCheck<"conv2d", {}, Conv2dOptionNames>);
expectType<true>({} as OptionKeysCheck<"conv2d", Conv2dOptions, Conv2dOptionNames>);
expectType<"maxPool2d: unknown option ceil_mode; the options are kernel, stride, padding, dilation, ceilMode">(
  {} as OptionKeysCheck<"maxPool2d", { kernel: 2; ceil_mode: true }, MaxPool2dOptionNames>,
);
// Two unknown keys: one message each.
expectType<"conv2d: unknown option a; the options are stride, padding, dilation" | "conv2d: unknown option b; the options are stride, padding, dilation">(
  {} as OptionKeysCheck<"conv2d", { a: 1; b: 2 }, Conv2dOptionNames>,
);

// Options typed by their interface (values known only at run time) give `number` sizes, never the defaults' sizes:
// `{ stride: 2 }` declared as Conv2dOptions must not type the output as stride 1's [4, 6, 6].
const declared: Conv2dOptions = { stride: 2 };
expectType<Tensor<[4, number, number]>>(conv2d(zeros([3, 8, 8]), zeros([4, 3, 3, 3]), null, declared));
const declaredPool: MaxPool2dOptions = { kernel: 4 };
expectType<Tensor<[3, number, number]>>(maxPool2d(zeros([3, 8, 8]), declaredPool));
const declaredUp: ConvTranspose2dOptions = { stride: 2 };
expectType<Tensor<[4, number, number]>>(convTranspose2d(zeros([3, 8, 8]), zeros([3, 4, 2, 2]), null, declaredUp));
// A boolean ceilMode: either rounding.
declare const ceil: boolean;
expectType<Tensor<[3, 3, 3]> | Tensor<[3, 3, 4]> | Tensor<[3, 4, 3]> | Tensor<[3, 4, 4]>>(maxPool2d(zeros([3, 7, 7]), { kernel: 2, ceilMode: ceil }));
// Literal options keep their literal sizes; absent ones are PyTorch's defaults (pool stride = kernel).
expectType<Tensor<[3, 3, 3]>>(maxPool2d(zeros([3, 7, 7]), { kernel: 2 }));
expectType<Tensor<[4, 4, 4]>>(conv2d(zeros([3, 8, 8]), zeros([4, 3, 3, 3]), null, { stride: 2, padding: 1 }));
