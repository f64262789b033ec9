/**
 * Every mistake matmul, linear and scaledDotProductAttention reject, each written once: the sentence, a call that makes it at run time
 * (tensors with plain `number[]` shapes, which the compiler cannot judge), and (below) the parameter type the
 * compiler gives the same call with literal shapes, at the argument that is wrong. `Same<...>` makes tsc (TS 5.9
 * and TS 7 both compile this file) prove the compile-time message IS the sentence; errors.test.ts proves the
 * runtime throws it.
 */
import { scaledDotProductAttention as sdpa } from "../../../src/ops/linalg/attention.js";
import { linear } from "../../../src/ops/linalg/linear.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import { type Arg, type Assert, dyn, type F32, type F64, type MessageOf, type Same } from "../../helpers/mistakes.js";

export const mistakes = {
  matmulInner: {
    message: "matmul: a's last axis and b's axis -2 must match: 4 vs 5",
    run: () => matmul(dyn([3, 4]), dyn([5, 6])),
  },
  matmulInnerBatched: {
    message: "matmul: a's last axis and b's axis -2 must match: 4 vs 5",
    run: () => matmul(dyn([2, 3, 4]), dyn([2, 5, 6])),
  },
  matmulInnerVector: {
    message: "matmul: a's last axis and b's axis 0 must match: 4 vs 5",
    run: () => matmul(dyn([3, 4]), dyn([5])),
  },
  matmulInnerDot: {
    message: "matmul: a's last axis and b's axis 0 must match: 4 vs 3",
    run: () => matmul(dyn([4]), dyn([3])),
  },
  matmulInnerRowVector: {
    message: "matmul: a's last axis and b's axis -2 must match: 4 vs 3",
    run: () => matmul(dyn([4]), dyn([2, 3, 5])),
  },
  matmulBatch: {
    message: "matmul: cannot broadcast axis -3: 2 vs 3",
    run: () => matmul(dyn([2, 3, 4]), dyn([3, 4, 5])),
  },
  matmulBatchOuter: {
    message: "matmul: cannot broadcast axis -4: 2 vs 3",
    run: () => matmul(dyn([2, 2, 3, 4]), dyn([3, 1, 4, 5])),
  },
  matmulScalarA: {
    message: "matmul: a must be at least 1-D, got rank 0",
    run: () => matmul(dyn([]), dyn([3])),
  },
  matmulScalarB: {
    message: "matmul: b must be at least 1-D, got rank 0",
    run: () => matmul(dyn([3]), dyn([])),
  },
  matmulDType: {
    message: "matmul: b must be float32 like a, got float64",
    run: () => matmul(dyn([3, 4], "float32"), dyn([4, 5], "float64")),
  },
  linearInFeatures: {
    message: "linear: weight axis 1 (in_features) and x's last axis must match: 400 vs 392",
    run: () => linear(dyn([8, 392]), dyn([10, 400])),
  },
  linearInFeaturesLeading: {
    message: "linear: weight axis 1 (in_features) and x's last axis must match: 6 vs 5",
    run: () => linear(dyn([2, 3, 5]), dyn([4, 6])),
  },
  linearInFeaturesVector: {
    message: "linear: weight axis 1 (in_features) and x's last axis must match: 6 vs 5",
    run: () => linear(dyn([5]), dyn([4, 6])),
  },
  linearWeightRank: {
    message: "linear: weight must be (out_features, in_features), got rank 1",
    run: () => linear(dyn([2, 4]), dyn([4])),
  },
  linearXRank: {
    message: "linear: x must be (..., in_features), got rank 0",
    run: () => linear(dyn([]), dyn([3, 4])),
  },
  linearBias: {
    message: "linear: bias axis 0 and weight axis 0 (out_features) must match: 5 vs 3",
    run: () => linear(dyn([2, 4]), dyn([3, 4]), dyn([5])),
  },
  linearBiasRank: {
    message: "linear: bias must be (out_features), got rank 2",
    run: () => linear(dyn([2, 4]), dyn([3, 4]), dyn([1, 3])),
  },
  linearWeightDType: {
    message: "linear: weight must be float64 like x, got float32",
    run: () => linear(dyn([2, 4], "float64"), dyn([3, 4], "float32")),
  },
  linearBiasDType: {
    message: "linear: bias must be float32 like x, got float64",
    run: () => linear(dyn([2, 4], "float32"), dyn([3, 4], "float32"), dyn([3], "float64")),
  },
  attentionQueryRank: {
    message: "scaledDotProductAttention: query must be (..., L, E), got rank 1",
    run: () => sdpa(dyn([4]), dyn([5, 4]), dyn([5, 6])),
  },
  attentionKeyRank: {
    message: "scaledDotProductAttention: key must be (..., S, E), got rank 1",
    run: () => sdpa(dyn([3, 4]), dyn([4]), dyn([5, 6])),
  },
  attentionKeyDType: {
    message: "scaledDotProductAttention: key must be float32 like query, got float64",
    run: () => sdpa(dyn([3, 4], "float32"), dyn([5, 4], "float64"), dyn([5, 6], "float32")),
  },
  attentionKeyBatch: {
    message: "scaledDotProductAttention: cannot broadcast axis -3: 2 vs 3",
    run: () => sdpa(dyn([2, 3, 4]), dyn([3, 5, 4]), dyn([3, 5, 6])),
  },
  attentionKeyDepth: {
    message: "scaledDotProductAttention: key's last axis and query's last axis must match: 8 vs 4",
    run: () => sdpa(dyn([2, 3, 4]), dyn([2, 5, 8]), dyn([2, 5, 6])),
  },
  attentionValueRank: {
    message: "scaledDotProductAttention: value must be (..., S, Ev), got rank 1",
    run: () => sdpa(dyn([3, 4]), dyn([5, 4]), dyn([6])),
  },
  attentionValueDType: {
    message: "scaledDotProductAttention: value must be float64 like query, got float32",
    run: () => sdpa(dyn([3, 4], "float64"), dyn([5, 4], "float64"), dyn([5, 6], "float32")),
  },
  attentionValueBatch: {
    message: "scaledDotProductAttention: cannot broadcast axis -4: 2 vs 4",
    run: () => sdpa(dyn([2, 1, 3, 4]), dyn([1, 3, 5, 4]), dyn([4, 3, 5, 6])),
  },
  attentionValueLength: {
    message: "scaledDotProductAttention: value's axis -2 and key's axis -2 must match: 6 vs 5",
    run: () => sdpa(dyn([2, 3, 4]), dyn([2, 5, 4]), dyn([2, 6, 7])),
  },
} as const;

type Mistake = keyof typeof mistakes;
type Message<K extends Mistake> = MessageOf<typeof mistakes, K>;

// The compiler's parameter type at the wrong argument, for the same calls with literal shapes.
export type CompileTimeSentences = [
  Assert<Same<Arg<typeof matmul<[3, 4], [5, 6], "float32", "float32">, 1>, F32<[5, 6]> & Message<"matmulInner">>>,
  Assert<Same<Arg<typeof matmul<[2, 3, 4], [2, 5, 6], "float32", "float32">, 1>, F32<[2, 5, 6]> & Message<"matmulInnerBatched">>>,
  Assert<Same<Arg<typeof matmul<[3, 4], [5], "float32", "float32">, 1>, F32<[5]> & Message<"matmulInnerVector">>>,
  Assert<Same<Arg<typeof matmul<[4], [3], "float32", "float32">, 1>, F32<[3]> & Message<"matmulInnerDot">>>,
  Assert<Same<Arg<typeof matmul<[4], [2, 3, 5], "float32", "float32">, 1>, F32<[2, 3, 5]> & Message<"matmulInnerRowVector">>>,
  Assert<Same<Arg<typeof matmul<[2, 3, 4], [3, 4, 5], "float32", "float32">, 1>, F32<[3, 4, 5]> & Message<"matmulBatch">>>,
  Assert<Same<Arg<typeof matmul<[2, 2, 3, 4], [3, 1, 4, 5], "float32", "float32">, 1>, F32<[3, 1, 4, 5]> & Message<"matmulBatchOuter">>>,
  Assert<Same<Arg<typeof matmul<[], [3], "float32", "float32">, 0>, F32<[]> & Message<"matmulScalarA">>>,
  Assert<Same<Arg<typeof matmul<[3], [], "float32", "float32">, 1>, F32<[]> & Message<"matmulScalarB">>>,
  Assert<Same<Arg<typeof matmul<[3, 4], [4, 5], "float32", "float64">, 1>, F64<[4, 5]> & Message<"matmulDType">>>,
  Assert<Same<Arg<typeof linear<[8, 392], [10, 400], "float32", "float32">, 1>, F32<[10, 400]> & Message<"linearInFeatures">>>,
  Assert<Same<Arg<typeof linear<[2, 3, 5], [4, 6], "float32", "float32">, 1>, F32<[4, 6]> & Message<"linearInFeaturesLeading">>>,
  Assert<Same<Arg<typeof linear<[5], [4, 6], "float32", "float32">, 1>, F32<[4, 6]> & Message<"linearInFeaturesVector">>>,
  Assert<Same<Arg<typeof linear<[2, 4], [4], "float32", "float32">, 1>, F32<[4]> & Message<"linearWeightRank">>>,
  Assert<Same<Arg<typeof linear<[], [3, 4], "float32", "float32">, 0>, F32<[]> & Message<"linearXRank">>>,
  Assert<Same<Arg<typeof linear<[2, 4], [3, 4], "float32", "float32", [5], "float32">, 2>, (F32<[5]> & Message<"linearBias">) | null | undefined>>,
  Assert<
    Same<Arg<typeof linear<[2, 4], [3, 4], "float32", "float32", [1, 3], "float32">, 2>, (F32<[1, 3]> & Message<"linearBiasRank">) | null | undefined>
  >,
  Assert<Same<Arg<typeof linear<[2, 4], [3, 4], "float64", "float32">, 1>, F32<[3, 4]> & Message<"linearWeightDType">>>,
  Assert<
    Same<Arg<typeof linear<[2, 4], [3, 4], "float32", "float32", [3], "float64">, 2>, (F64<[3]> & Message<"linearBiasDType">) | null | undefined>
  >,
  Assert<Same<Arg<typeof sdpa<[4], [5, 4], [5, 6], "float32">, 0>, F32<[4]> & Message<"attentionQueryRank">>>,
  Assert<Same<Arg<typeof sdpa<[3, 4], [4], [5, 6], "float32">, 1>, F32<[4]> & Message<"attentionKeyRank">>>,
  Assert<Same<Arg<typeof sdpa<[3, 4], [5, 4], [5, 6], "float32", "float64">, 1>, F64<[5, 4]> & Message<"attentionKeyDType">>>,
  Assert<Same<Arg<typeof sdpa<[2, 3, 4], [3, 5, 4], [3, 5, 6], "float32">, 1>, F32<[3, 5, 4]> & Message<"attentionKeyBatch">>>,
  Assert<Same<Arg<typeof sdpa<[2, 3, 4], [2, 5, 8], [2, 5, 6], "float32">, 1>, F32<[2, 5, 8]> & Message<"attentionKeyDepth">>>,
  Assert<Same<Arg<typeof sdpa<[3, 4], [5, 4], [6], "float32">, 2>, F32<[6]> & Message<"attentionValueRank">>>,
  Assert<Same<Arg<typeof sdpa<[3, 4], [5, 4], [5, 6], "float64", "float64", "float32">, 2>, F32<[5, 6]> & Message<"attentionValueDType">>>,
  Assert<Same<Arg<typeof sdpa<[2, 1, 3, 4], [1, 3, 5, 4], [4, 3, 5, 6], "float32">, 2>, F32<[4, 3, 5, 6]> & Message<"attentionValueBatch">>>,
  Assert<Same<Arg<typeof sdpa<[2, 3, 4], [2, 5, 4], [2, 6, 7], "float32">, 2>, F32<[2, 6, 7]> & Message<"attentionValueLength">>>,
];
