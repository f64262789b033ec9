/**
 * Every shape mistake the norm ops (layerNorm, groupNorm) and embedding reject, written once: the sentence, a
 * call that makes it at run time (`number` dims, which the compiler cannot judge), and, at the bottom, the
 * parameter type the compiler gives the same call with literal types at the argument that is wrong. `Same<...>`
 * makes both compilers prove the compile-time message IS the sentence; errors.test.ts proves the runtime throws it.
 */
import { embedding, type EmbeddingOptions } from "../../../src/ops/norm/embedding.js";
import { groupNorm } from "../../../src/ops/norm/group-norm.js";
import { layerNorm, type NormOptions } from "../../../src/ops/norm/layer-norm.js";
import { type Arg, type Assert, dyn, type F32, type F64, type MessageOf, num, type Same, unchecked } from "../../helpers/mistakes.js";

/** A normalizedShape the compiler sees as `number[]`. */
function dims(...values: number[]): number[] {
  return values;
}

export const mistakes = {
  layerNormTrailing: {
    message: "layerNorm: normalizedShape axis 0 and x axis 2 must match: 6 vs 5",
    run: () => layerNorm(dyn([2, 3, 5]), [6]),
  },
  layerNormTrailingInner: {
    message: "layerNorm: normalizedShape axis 0 and x axis 1 must match: 4 vs 3",
    run: () => layerNorm(dyn([2, 3, 5]), [4, 5]),
  },
  layerNormTooLong: {
    message: "layerNorm: normalizedShape has 3 axes but x has rank 2",
    run: () => layerNorm(dyn([3, 5]), [1, 3, 5]),
  },
  layerNormEmpty: {
    message: "layerNorm: normalizedShape must have at least one axis",
    run: () => layerNorm(dyn([3, 5]), dims()),
  },
  layerNormWeightAxis: {
    message: "layerNorm: weight axis 1 and normalizedShape axis 1 must match: 5 vs 4",
    run: () => layerNorm(dyn([2, 3, 4]), [3, 4], dyn([3, 5])),
  },
  layerNormWeightRank: {
    message: "layerNorm: weight must be rank 2 like normalizedShape, got rank 1",
    run: () => layerNorm(dyn([2, 3, 4]), [3, 4], dyn([12])),
  },
  layerNormBiasAxis: {
    message: "layerNorm: bias axis 0 and normalizedShape axis 0 must match: 5 vs 4",
    run: () => layerNorm(dyn([2, 4]), [4], null, dyn([5])),
  },
  layerNormBiasDType: {
    message: "layerNorm: bias must be float32 like x, got float64",
    run: () => layerNorm(dyn([2, 4]), [4], dyn([4]), dyn([4], "float64")),
  },
  layerNormUnknownOption: {
    message: "layerNorm: unknown option epsilon; the options are eps",
    run: () => layerNorm(dyn([2, 4]), [4], null, null, unchecked<NormOptions>({ epsilon: 1e-5 })),
  },
  groupNormRank: {
    message: "groupNorm: x must be (N, C, ...), got rank 1",
    run: () => groupNorm(dyn([4]), 2),
  },
  groupNormDivide: {
    message: "groupNorm: x's channel axis 4 must be divisible by numGroups 3",
    run: () => groupNorm(dyn([2, 4, 3, 3]), 3),
  },
  groupNormZero: {
    message: "groupNorm: numGroups must be a positive integer, got 0",
    run: () => groupNorm(dyn([2, 4, 3]), num(0)),
  },
  groupNormFraction: {
    message: "groupNorm: numGroups must be a positive integer, got 1.5",
    run: () => groupNorm(dyn([2, 4, 3]), num(1.5)),
  },
  groupNormWeight: {
    message: "groupNorm: weight axis 0 and x's channel axis must match: 5 vs 4",
    run: () => groupNorm(dyn([2, 4, 3]), 2, dyn([5])),
  },
  groupNormBiasRank: {
    message: "groupNorm: bias must be (C), got rank 2",
    run: () => groupNorm(dyn([2, 4, 3]), 2, null, dyn([4, 1])),
  },
  groupNormWeightDType: {
    message: "groupNorm: weight must be float64 like x, got float32",
    run: () => groupNorm(dyn([2, 4, 3], "float64"), 2, dyn([4])),
  },
  embeddingWeightRank: {
    message: "embedding: weight must be (V, D), got rank 1",
    run: () => embedding(dyn([10]), dyn([3])),
  },
  embeddingPaddingIdx: {
    message: "embedding: paddingIdx 6 is out of range for V = 6",
    run: () => embedding(dyn([6, 4]), dyn([3]), { paddingIdx: num(6) }),
  },
  embeddingPaddingIdxNegative: {
    message: "embedding: paddingIdx -7 is out of range for V = 6",
    run: () => embedding(dyn([6, 4]), dyn([3]), { paddingIdx: num(-7) }),
  },
  embeddingPaddingIdxFraction: {
    message: "embedding: paddingIdx 1.5 must be a whole number",
    run: () => embedding(dyn([6, 4]), dyn([3]), { paddingIdx: num(1.5) }),
  },
  embeddingUnknownOption: {
    message: "embedding: unknown option padding_idx; the options are paddingIdx",
    run: () => embedding(dyn([6, 4]), dyn([3]), unchecked<EmbeddingOptions>({ padding_idx: 0 })),
  },
} as const;

type Mistake = keyof typeof mistakes;
type Message<K extends Mistake> = MessageOf<typeof mistakes, K>;

/**
 * The parameter type at the offending argument of each `run` above, with literal types: the sentence itself for
 * normalizedShape and numGroups (plain values), the argument's own type and the sentence for tensors and options.
 */
export type CompileTimeMessages = [
  Assert<Same<Arg<typeof layerNorm<[2, 3, 5], "float32", [6]>, 1>, Message<"layerNormTrailing">>>,
  Assert<Same<Arg<typeof layerNorm<[2, 3, 5], "float32", [4, 5]>, 1>, Message<"layerNormTrailingInner">>>,
  Assert<Same<Arg<typeof layerNorm<[3, 5], "float32", [1, 3, 5]>, 1>, Message<"layerNormTooLong">>>,
  Assert<Same<Arg<typeof layerNorm<[3, 5], "float32", []>, 1>, Message<"layerNormEmpty">>>,
  Assert<Same<Arg<typeof layerNorm<[2, 3, 4], "float32", [3, 4], [3, 5]>, 2>, (F32<[3, 5]> & Message<"layerNormWeightAxis">) | null | undefined>>,
  Assert<Same<Arg<typeof layerNorm<[2, 3, 4], "float32", [3, 4], [12]>, 2>, (F32<[12]> & Message<"layerNormWeightRank">) | null | undefined>>,
  Assert<Same<Arg<typeof layerNorm<[2, 4], "float32", [4], [4], "float32", [5]>, 3>, (F32<[5]> & Message<"layerNormBiasAxis">) | null | undefined>>,
  Assert<
    Same<
      Arg<typeof layerNorm<[2, 4], "float32", [4], [4], "float32", [4], "float64">, 3>,
      (F64<[4]> & Message<"layerNormBiasDType">) | null | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof layerNorm<[2, 4], "float32", [4], [4], "float32", [4], "float32", { epsilon: 1e-5 }>, 4>,
      ({ epsilon: 1e-5 } & Message<"layerNormUnknownOption">) | undefined
    >
  >,
  Assert<Same<Arg<typeof groupNorm<[4], "float32", 2>, 0>, F32<[4]> & Message<"groupNormRank">>>,
  Assert<Same<Arg<typeof groupNorm<[2, 4, 3, 3], "float32", 3>, 1>, Message<"groupNormDivide">>>,
  Assert<Same<Arg<typeof groupNorm<[2, 4, 3], "float32", 0>, 1>, Message<"groupNormZero">>>,
  Assert<Same<Arg<typeof groupNorm<[2, 4, 3], "float32", 1.5>, 1>, Message<"groupNormFraction">>>,
  Assert<Same<Arg<typeof groupNorm<[2, 4, 3], "float32", 2, [5]>, 2>, (F32<[5]> & Message<"groupNormWeight">) | null | undefined>>,
  Assert<
    Same<Arg<typeof groupNorm<[2, 4, 3], "float32", 2, [4], "float32", [4, 1]>, 3>, (F32<[4, 1]> & Message<"groupNormBiasRank">) | null | undefined>
  >,
  Assert<Same<Arg<typeof groupNorm<[2, 4, 3], "float64", 2, [4], "float32">, 2>, (F32<[4]> & Message<"groupNormWeightDType">) | null | undefined>>,
  Assert<Same<Arg<typeof embedding<[10], "float32", [3], "float32">, 0>, F32<[10]> & Message<"embeddingWeightRank">>>,
  Assert<
    Same<
      Arg<typeof embedding<[6, 4], "float32", [3], "float32", { paddingIdx: 6 }>, 2>,
      ({ paddingIdx: 6 } & Message<"embeddingPaddingIdx">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof embedding<[6, 4], "float32", [3], "float32", { paddingIdx: -7 }>, 2>,
      ({ paddingIdx: -7 } & Message<"embeddingPaddingIdxNegative">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof embedding<[6, 4], "float32", [3], "float32", { paddingIdx: 1.5 }>, 2>,
      ({ paddingIdx: 1.5 } & Message<"embeddingPaddingIdxFraction">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof embedding<[6, 4], "float32", [3], "float32", { padding_idx: 0 }>, 2>,
      ({ padding_idx: 0 } & Message<"embeddingUnknownOption">) | undefined
    >
  >,
];
