/**
 * Every shape and dtype mistake the losses reject, each written once: the sentence, a call that makes it at run
 * time (tensors with plain `number` dims, which the compiler cannot judge), and (below) the parameter type the
 * compiler gives the same call with literal shapes. `Same<...>` makes tsc (TS 5.9 and TS 7, both compile this
 * file) prove the compile-time message IS the sentence, at the argument that is wrong; errors.test.ts proves the
 * run time throws it.
 */
import { bceWithLogits, crossEntropy, dice, huber, mse, nllLoss, smoothL1 } from "../../../src/train/index.js";
import { type Arg, type Assert, dyn, type F32, type F64, type MessageOf, type Same } from "../../helpers/mistakes.js";

export const mistakes = {
  mseTarget: {
    message: "mse: target shape [3, 5] does not match pred shape [3, 4]",
    run: () => mse(dyn([3, 4]), dyn([3, 5])),
  },
  mseTargetRank: {
    message: "mse: target shape [12] does not match pred shape [3, 4]",
    run: () => mse(dyn([3, 4]), dyn([12])),
  },
  mseTargetDType: {
    message: "mse: target must be float32 like pred, got float64",
    run: () => mse(dyn([3, 4]), dyn([3, 4], "float64")),
  },
  huberTarget: {
    message: "huber: target shape [2, 3] does not match pred shape [3, 2]",
    run: () => huber(dyn([3, 2]), dyn([2, 3]), { delta: 0.5 }),
  },
  smoothL1Target: {
    message: "smoothL1: target shape [4] does not match pred shape [4, 1]",
    run: () => smoothL1(dyn([4, 1]), dyn([4])),
  },
  bceTarget: {
    message: "bceWithLogits: target shape [4, 2] does not match logits shape [4, 3]",
    run: () => bceWithLogits(dyn([4, 3]), dyn([4, 2])),
  },
  bceTargetDType: {
    message: "bceWithLogits: target must be float64 like logits, got float32",
    run: () => bceWithLogits(dyn([4, 3], "float64"), dyn([4, 3])),
  },
  bcePosWeight: {
    message: "bceWithLogits: posWeight shape [4] does not broadcast to logits shape [4, 3]",
    run: () => bceWithLogits(dyn([4, 3]), dyn([4, 3]), { posWeight: dyn([4]) }),
  },
  bcePosWeightRank: {
    message: "bceWithLogits: posWeight shape [2, 4, 3] does not broadcast to logits shape [4, 3]",
    run: () => bceWithLogits(dyn([4, 3]), dyn([4, 3]), { posWeight: dyn([2, 4, 3]) }),
  },
  bcePosWeightDType: {
    message: "bceWithLogits: posWeight must be float32 like logits, got float64",
    run: () => bceWithLogits(dyn([4, 3]), dyn([4, 3]), { posWeight: dyn([3], "float64") }),
  },
  diceTarget: {
    message: "dice: target shape [2, 1, 8, 9] does not match logits shape [2, 1, 8, 8]",
    run: () => dice(dyn([2, 1, 8, 8]), dyn([2, 1, 8, 9])),
  },
  crossEntropyLogitsRank: {
    message: "crossEntropy: logits must have shape (C), (N, C) or (N, C, d1, ..., dk), got []",
    run: () => crossEntropy(dyn([]), dyn([])),
  },
  crossEntropyTarget: {
    message: "crossEntropy: target shape [4] does not match logits (minus the class axis) shape [5]",
    run: () => crossEntropy(dyn([5, 4]), dyn([4])),
  },
  crossEntropyTargetOneHot: {
    message: "crossEntropy: target shape [2, 3, 4, 5] does not match logits (minus the class axis) shape [2, 4, 5]",
    run: () => crossEntropy(dyn([2, 3, 4, 5]), dyn([2, 3, 4, 5])),
  },
  crossEntropyTargetUnbatched: {
    message: "crossEntropy: target shape [1] does not match logits (minus the class axis) shape []",
    run: () => crossEntropy(dyn([4]), dyn([1])),
  },
  crossEntropyWeight: {
    message: "crossEntropy: weight must have shape [4] (one weight per class), got [5]",
    run: () => crossEntropy(dyn([5, 4]), dyn([5]), { weight: dyn([5]) }),
  },
  crossEntropyWeightRank: {
    message: "crossEntropy: weight must have shape [3] (one weight per class), got [1, 3]",
    run: () => crossEntropy(dyn([2, 3, 4, 4]), dyn([2, 4, 4]), { weight: dyn([1, 3]) }),
  },
  crossEntropyWeightDType: {
    message: "crossEntropy: weight must be float32 like logits, got float64",
    run: () => crossEntropy(dyn([5, 4]), dyn([5]), { weight: dyn([4], "float64") }),
  },
  nllLossLogProbsRank: {
    message: "nllLoss: logProbs must have shape (C), (N, C) or (N, C, d1, ..., dk), got []",
    run: () => nllLoss(dyn([]), dyn([])),
  },
  nllLossTarget: {
    message: "nllLoss: target shape [2, 3, 3] does not match logProbs (minus the class axis) shape [2, 3, 4]",
    run: () => nllLoss(dyn([2, 3, 3, 4]), dyn([2, 3, 3])),
  },
  nllLossWeight: {
    message: "nllLoss: weight must have shape [4] (one weight per class), got [3]",
    run: () => nllLoss(dyn([5, 4]), dyn([5]), { weight: dyn([3]) }),
  },
} as const;

type Mistake = keyof typeof mistakes;
type Message<K extends Mistake> = MessageOf<typeof mistakes, K>;

/** The type of option `K` of a loss's options argument (its third). */
type Opt<F extends (...args: never[]) => unknown, K extends string> = K extends keyof NonNullable<Parameters<F>[2]>
  ? NonNullable<NonNullable<Parameters<F>[2]>[K]>
  : never;

/**
 * The parameter the compiler checks each call's offending argument against, for the literal-shape version of
 * each `run` above: the argument's own type intersected with the message, so the error reads the sentence.
 */
export type CompileTimeMessages = [
  Assert<Same<Arg<typeof mse<[3, 4], "float32", [3, 5]>, 1>, F32<[3, 5]> & Message<"mseTarget">>>,
  Assert<Same<Arg<typeof mse<[3, 4], "float32", [12]>, 1>, F32<[12]> & Message<"mseTargetRank">>>,
  Assert<Same<Arg<typeof mse<[3, 4], "float32", [3, 4], "float64">, 1>, F64<[3, 4]> & Message<"mseTargetDType">>>,
  Assert<Same<Arg<typeof huber<[3, 2], "float32", [2, 3]>, 1>, F32<[2, 3]> & Message<"huberTarget">>>,
  Assert<Same<Arg<typeof smoothL1<[4, 1], "float32", [4]>, 1>, F32<[4]> & Message<"smoothL1Target">>>,
  Assert<Same<Arg<typeof bceWithLogits<[4, 3], "float32", [4, 2]>, 1>, F32<[4, 2]> & Message<"bceTarget">>>,
  Assert<Same<Arg<typeof bceWithLogits<[4, 3], "float64", [4, 3], "float32">, 1>, F32<[4, 3]> & Message<"bceTargetDType">>>,
  Assert<Same<Opt<typeof bceWithLogits<[4, 3], "float32", [4, 3], "float32", "mean", [4]>, "posWeight">, F32<[4]> & Message<"bcePosWeight">>>,
  Assert<
    Same<
      Opt<typeof bceWithLogits<[4, 3], "float32", [4, 3], "float32", "mean", [2, 4, 3]>, "posWeight">,
      F32<[2, 4, 3]> & Message<"bcePosWeightRank">
    >
  >,
  Assert<
    Same<
      Opt<typeof bceWithLogits<[4, 3], "float32", [4, 3], "float32", "mean", [3], "float64">, "posWeight">,
      F64<[3]> & Message<"bcePosWeightDType">
    >
  >,
  Assert<Same<Arg<typeof dice<[2, 1, 8, 8], "float32", [2, 1, 8, 9]>, 1>, F32<[2, 1, 8, 9]> & Message<"diceTarget">>>,
  Assert<Same<Arg<typeof crossEntropy<[], "float32", []>, 0>, F32<[]> & Message<"crossEntropyLogitsRank">>>,
  // One mistake, one error: with logits of a bad rank the target is not also reported.
  Assert<Same<Arg<typeof crossEntropy<[], "float32", []>, 1>, F32<[]>>>,
  Assert<Same<Arg<typeof crossEntropy<[5, 4], "float32", [4]>, 1>, F32<[4]> & Message<"crossEntropyTarget">>>,
  Assert<Same<Arg<typeof crossEntropy<[2, 3, 4, 5], "float32", [2, 3, 4, 5]>, 1>, F32<[2, 3, 4, 5]> & Message<"crossEntropyTargetOneHot">>>,
  Assert<Same<Arg<typeof crossEntropy<[4], "float32", [1]>, 1>, F32<[1]> & Message<"crossEntropyTargetUnbatched">>>,
  Assert<Same<Opt<typeof crossEntropy<[5, 4], "float32", [5], "float32", "mean", [5]>, "weight">, F32<[5]> & Message<"crossEntropyWeight">>>,
  Assert<
    Same<
      Opt<typeof crossEntropy<[2, 3, 4, 4], "float32", [2, 4, 4], "float32", "mean", [1, 3]>, "weight">,
      F32<[1, 3]> & Message<"crossEntropyWeightRank">
    >
  >,
  Assert<
    Same<Opt<typeof crossEntropy<[5, 4], "float32", [5], "float32", "mean", [4], "float64">, "weight">, F64<[4]> & Message<"crossEntropyWeightDType">>
  >,
  Assert<Same<Arg<typeof nllLoss<[], "float32", []>, 0>, F32<[]> & Message<"nllLossLogProbsRank">>>,
  Assert<Same<Arg<typeof nllLoss<[2, 3, 3, 4], "float32", [2, 3, 3]>, 1>, F32<[2, 3, 3]> & Message<"nllLossTarget">>>,
  Assert<Same<Opt<typeof nllLoss<[5, 4], "float32", [5], "float32", "mean", [3]>, "weight">, F32<[3]> & Message<"nllLossWeight">>>,
];
