/**
 * Every mistake the reductions reject, each written once: the sentence, a call that makes it at run time
 * (tensors with plain `number` dims, which the compiler cannot judge), and (below) the parameter type the compiler
 * gives the same call with literal shapes. `Same<...>` makes tsc (TS 5.9 and TS 7, both compile this file) prove
 * the compile-time message IS the sentence; errors.test.ts proves the runtime throws it.
 */
import { amax, amin, argmax, logSoftmax, logsumexp, mean, softmax, sum, variance } from "../../../src/ops/reduce/index.js";
import type { ReduceOptions, VarOptions } from "../../../types/ops/reduce/index.js";
import { type Arg, type Assert, dyn, type MessageOf, num, type Same, unchecked } from "../../helpers/mistakes.js";

export const mistakes = {
  sumDimOutOfRange: {
    message: "sum: axis 3 is out of range for rank 3",
    run: () => sum(dyn([2, 3, 4]), { dim: num(3) }),
  },
  meanNegativeDimOutOfRange: {
    message: "mean: axis -4 is out of range for rank 3",
    run: () => mean(dyn([2, 3, 4]), { dim: [0, num(-4)] }),
  },
  varFractionalDim: {
    message: "var: axis 1.5 is out of range for rank 3",
    run: () => variance(dyn([2, 3, 4]), { dim: num(1.5) }),
  },
  amaxDimOutOfRangeKeepdim: {
    message: "amax: axis 2 is out of range for rank 2",
    run: () => amax(dyn([2, 3]), { dim: num(2), keepdim: true }),
  },
  scalarDimOutOfRange: {
    message: "sum: axis 1 is out of range for rank 1",
    run: () => sum(dyn([]), { dim: num(1) }),
  },
  sumDuplicateDim: {
    message: "sum: axis 1 appears twice in dim",
    run: () => sum(dyn([2, 3, 4]), { dim: [1, num(-2)] }),
  },
  logsumexpDuplicateDim: {
    message: "logsumexp: axis 0 appears twice in dim",
    run: () => logsumexp(dyn([2, 3, 4]), { dim: [0, 2, num(0)], keepdim: true }),
  },
  aminDuplicateDim: {
    message: "amin: axis 2 appears twice in dim",
    run: () => amin(dyn([2, 3, 4]), { dim: [num(-1), 2] }),
  },
  duplicateBeforeOutOfRange: {
    message: "mean: axis 0 appears twice in dim",
    run: () => mean(dyn([2, 3]), { dim: [0, num(0), 7] }),
  },
  argmaxDimOutOfRange: {
    message: "argmax: axis -3 is out of range for rank 2",
    run: () => argmax(dyn([2, 3]), { dim: num(-3) }),
  },
  sumUnknownOption: {
    message: "sum: unknown option keepDim; the options are dim, keepdim",
    run: () => sum(dyn([2, 3]), unchecked<ReduceOptions>({ dim: 0, keepDim: true })),
  },
  varUnknownOption: {
    message: "var: unknown option unbiased; the options are dim, keepdim, correction",
    run: () => variance(dyn([2, 3]), unchecked<VarOptions>({ unbiased: false })),
  },
  softmaxDimOutOfRange: {
    message: "softmax: axis 3 is out of range for rank 3",
    run: () => softmax(dyn([2, 3, 4]), num(3)),
  },
  logSoftmaxDimOutOfRange: {
    message: "logSoftmax: axis -4 is out of range for rank 3",
    run: () => logSoftmax(dyn([2, 3, 4]), num(-4)),
  },
} as const;

type Mistake = keyof typeof mistakes;
type Message<K extends Mistake> = MessageOf<typeof mistakes, K>;

/**
 * The parameter the compiler checks each call's offending argument against, for the literal-shape version of
 * each `run` above: the options object (or softmax's dim) carries the sentence, so the error reads it.
 */
export type CompileTimeMessages = [
  Assert<Same<Arg<typeof sum<[2, 3, 4], "float32", { dim: 3 }>, 1>, ({ dim: 3 } & Message<"sumDimOutOfRange">) | undefined>>,
  Assert<
    Same<
      Arg<typeof mean<[2, 3, 4], "float32", { dim: readonly [0, -4] }>, 1>,
      ({ dim: readonly [0, -4] } & Message<"meanNegativeDimOutOfRange">) | undefined
    >
  >,
  Assert<Same<Arg<typeof variance<[2, 3, 4], "float32", { dim: 1.5 }>, 1>, ({ dim: 1.5 } & Message<"varFractionalDim">) | undefined>>,
  Assert<
    Same<
      Arg<typeof amax<[2, 3], "float32", { dim: 2; keepdim: true }>, 1>,
      ({ dim: 2; keepdim: true } & Message<"amaxDimOutOfRangeKeepdim">) | undefined
    >
  >,
  Assert<Same<Arg<typeof sum<[], "float32", { dim: 1 }>, 1>, ({ dim: 1 } & Message<"scalarDimOutOfRange">) | undefined>>,
  Assert<
    Same<Arg<typeof sum<[2, 3, 4], "float32", { dim: readonly [1, -2] }>, 1>, ({ dim: readonly [1, -2] } & Message<"sumDuplicateDim">) | undefined>
  >,
  Assert<
    Same<
      Arg<typeof logsumexp<[2, 3, 4], "float32", { dim: readonly [0, 2, 0]; keepdim: true }>, 1>,
      ({ dim: readonly [0, 2, 0]; keepdim: true } & Message<"logsumexpDuplicateDim">) | undefined
    >
  >,
  Assert<
    Same<Arg<typeof amin<[2, 3, 4], "float32", { dim: readonly [-1, 2] }>, 1>, ({ dim: readonly [-1, 2] } & Message<"aminDuplicateDim">) | undefined>
  >,
  Assert<
    Same<
      Arg<typeof mean<[2, 3], "float32", { dim: readonly [0, 0, 7] }>, 1>,
      ({ dim: readonly [0, 0, 7] } & Message<"duplicateBeforeOutOfRange">) | undefined
    >
  >,
  Assert<Same<Arg<typeof argmax<[2, 3], "float32", { dim: -3 }>, 1>, ({ dim: -3 } & Message<"argmaxDimOutOfRange">) | undefined>>,
  Assert<
    Same<Arg<typeof sum<[2, 3], "float32", { dim: 0; keepDim: true }>, 1>, ({ dim: 0; keepDim: true } & Message<"sumUnknownOption">) | undefined>
  >,
  Assert<Same<Arg<typeof variance<[2, 3], "float32", { unbiased: false }>, 1>, ({ unbiased: false } & Message<"varUnknownOption">) | undefined>>,
  Assert<Same<Arg<typeof softmax<[2, 3, 4], "float32", 3>, 1>, Message<"softmaxDimOutOfRange">>>,
  Assert<Same<Arg<typeof logSoftmax<[2, 3, 4], "float32", -4>, 1>, Message<"logSoftmaxDimOutOfRange">>>,
];
