/**
 * Every mistake the shape ops reject, each written once: the sentence, a call that makes it at run time (tensors
 * with `number` sizes and `number`-typed parameters, which the compiler cannot judge), and (below) the parameter
 * type the compiler gives the same call with literal types. `Same<...>` makes tsc (TS 5.9 and TS 7) prove the
 * compile-time message IS the sentence, at the argument that is wrong; errors.test.ts proves the runtime throws it.
 */
import { cat, flatten, narrow, permute, reshape, select, squeeze, stack, transpose, unsqueeze, view } from "../../../src/ops/shape/index.js";
import type { Tensor } from "../../../src/tensor/tensor.js";
import type { ReshapeShape } from "../../../types/ops/shape/reshape.js";
import { type Arg, type Assert, dyn, type F32, type F64, type MessageOf, num, type Same } from "../../helpers/mistakes.js";

export const shapeMistakes = {
  reshapeCount: {
    message: "reshape: shape [4, 5] has 20 elements but x has 24",
    run: () => reshape(dyn([2, 3, 4]), [4, 5]),
  },
  reshapeTwoInferred: {
    message: "reshape: only one axis may be -1",
    run: () => reshape(dyn([2, 3, 4]), [num(-1), num(-1)]),
  },
  reshapeCannotSplit: {
    message: "reshape: 24 elements cannot be split into [-1, 5]",
    run: () => reshape(dyn([2, 3, 4]), [-1, 5]),
  },
  reshapeZeroBesideHole: {
    message: "reshape: 24 elements cannot be split into [0, -1]",
    run: () => reshape(dyn([2, 3, 4]), [0, -1]),
  },
  reshapeBadDim: {
    message: "view: shape dim 1 must be a natural number or -1, got -2",
    run: () => view(dyn([2, 3, 4]), [2, num(-2), 3]),
  },
  reshapeFractionalDim: {
    message: "reshape: shape dim 0 must be a natural number or -1, got 1.5",
    run: () => reshape(dyn([2, 3, 4]), [num(1.5), 16]),
  },
  flattenStart: {
    message: "flatten: axis 3 is out of range for rank 3",
    run: () => flatten(dyn([2, 3, 4]), 3),
  },
  flattenEnd: {
    message: "flatten: axis -4 is out of range for rank 3",
    run: () => flatten(dyn([2, 3, 4]), 0, -4),
  },
  flattenOrder: {
    message: "flatten: startDim (axis 2) must not come after endDim (axis 1)",
    run: () => flatten(dyn([2, 3, 4]), -1, 1),
  },
  unsqueezeHigh: {
    message: "unsqueeze: new axis 4 is out of range [-4, 3] for rank 3",
    run: () => unsqueeze(dyn([2, 3, 4]), 4),
  },
  unsqueezeLow: {
    message: "unsqueeze: new axis -5 is out of range [-4, 3] for rank 3",
    run: () => unsqueeze(dyn([2, 3, 4]), -5),
  },
  squeezeAxis: {
    message: "squeeze: axis 3 is out of range for rank 3",
    run: () => squeeze(dyn([2, 3, 4]), 3),
  },
  transposeDim1: {
    message: "transpose: axis 3 is out of range for rank 3",
    run: () => transpose(dyn([2, 3, 4]), 0, 3),
  },
  transposeDim0: {
    message: "transpose: axis -4 is out of range for rank 3",
    run: () => transpose(dyn([2, 3, 4]), -4, 0),
  },
  permuteLength: {
    message: "permute: dims has 2 entries but x has rank 3",
    run: () => permute(dyn([2, 3, 4]), [0, 1]),
  },
  permuteRange: {
    message: "permute: axis 3 is out of range for rank 3",
    run: () => permute(dyn([2, 3, 4]), [0, 1, 3]),
  },
  permuteRepeat: {
    message: "permute: axis 0 appears twice in dims [0, 2, -3]",
    run: () => permute(dyn([2, 3, 4]), [0, 2, -3]),
  },
  narrowAxis: {
    message: "narrow: axis 3 is out of range for rank 3",
    run: () => narrow(dyn([2, 5, 3]), 3, 0, 1),
  },
  narrowStartHigh: {
    message: "narrow: start 6 is out of range for axis 1 of size 5",
    run: () => narrow(dyn([2, 5, 3]), 1, 6, 0),
  },
  narrowStartLow: {
    message: "narrow: start -6 is out of range for axis 1 of size 5",
    run: () => narrow(dyn([2, 5, 3]), 1, -6, 0),
  },
  narrowLength: {
    message: "narrow: length must be a natural number, got -1",
    run: () => narrow(dyn([2, 5, 3]), 1, 1, num(-1)),
  },
  narrowPastEnd: {
    message: "narrow: start 3 + length 3 exceeds axis 1 of size 5",
    run: () => narrow(dyn([2, 5, 3]), 1, 3, 3),
  },
  selectAxis: {
    message: "select: axis 3 is out of range for rank 3",
    run: () => select(dyn([2, 5, 3]), 3, 0),
  },
  selectIndexHigh: {
    message: "select: index 5 is out of range for axis 1 of size 5",
    run: () => select(dyn([2, 5, 3]), 1, 5),
  },
  selectIndexLow: {
    message: "select: index -6 is out of range for axis 1 of size 5",
    run: () => select(dyn([2, 5, 3]), -2, -6),
  },
  selectIndexFraction: {
    message: "select: index 1.5 is out of range for axis 2 of size 3",
    run: () => select(dyn([2, 5, 3]), 2, 1.5),
  },
  narrowPastEndNegativeStart: {
    message: "narrow: start 3 + length 3 exceeds axis 1 of size 5",
    run: () => narrow(dyn([2, 5, 3]), 1, -2, 3),
  },
  catOtherAxis: {
    message: "cat: axis 1 (H) must match: 3 vs 4",
    run: () => cat([dyn([2, 3, 4]), dyn([2, 4, 4])], 0),
  },
  catDim: {
    message: "cat: axis 3 is out of range for rank 3",
    run: () => cat([dyn([2, 3, 4]), dyn([2, 3, 4])], 3),
  },
  catNothing: {
    message: "cat: needs at least one tensor",
    run: () => cat([] as Tensor<number[]>[], 0),
  },
  catDType: {
    message: "cat: tensor 1 must be float32 like tensor 0, got float64",
    run: () => cat([dyn([2, 3, 4]), dyn([2, 3, 4], "float64")], 0),
  },
  stackShape: {
    message: "stack: tensor 1 has shape [2, 3, 5] but tensor 0 has [2, 3, 4]",
    run: () => stack([dyn([2, 3, 4]), dyn([2, 3, 5])], 0),
  },
  stackRank: {
    message: "stack: tensor 1 has shape [2, 3] but tensor 0 has [2, 3, 4]",
    run: () => stack([dyn([2, 3, 4]), dyn([2, 3])], 0),
  },
  stackDim: {
    message: "stack: new axis 4 is out of range [-4, 3] for rank 3",
    run: () => stack([dyn([2, 3, 4]), dyn([2, 3, 4])], 4),
  },
  stackNothing: {
    message: "stack: needs at least one tensor",
    run: () => stack([] as Tensor<number[]>[], 0),
  },
  stackDType: {
    message: "stack: tensor 1 must be float32 like tensor 0, got float64",
    run: () => stack([dyn([2, 3, 4]), dyn([2, 3, 4], "float64")], 0),
  },
} as const;

/** No tensor this large can be allocated, so reshapeShape (the shape rule alone) is what the runtime test calls. */
export const reshapeOverflow = {
  message: "Mul: 1073741824 * 1073741824 exceeds 2^53 - 1",
  target: [1073741824, 1073741824, 1073741824],
} as const;

type Mistake = keyof typeof shapeMistakes;
type Message<K extends Mistake> = MessageOf<typeof shapeMistakes, K>;

type X = [2, 3, 4];
type W = [2, 5, 3];

/**
 * The parameter the compiler checks each call's offending argument against, for the literal-type version of each
 * `run` above: a message alone for an axis or size argument, the argument's own type intersected with the
 * message for a shape or a list of tensors.
 */
export type CompileTimeShapeMessages = [
  Assert<Same<Arg<typeof reshape<X, "float32", [4, 5]>, 1>, [4, 5] & Message<"reshapeCount">>>,
  Assert<Same<Arg<typeof reshape<X, "float32", [-1, -1]>, 1>, [-1, -1] & Message<"reshapeTwoInferred">>>,
  Assert<Same<Arg<typeof reshape<X, "float32", [-1, 5]>, 1>, [-1, 5] & Message<"reshapeCannotSplit">>>,
  Assert<Same<Arg<typeof reshape<X, "float32", [0, -1]>, 1>, [0, -1] & Message<"reshapeZeroBesideHole">>>,
  Assert<Same<Arg<typeof view<X, "float32", [2, -2, 3]>, 1>, [2, -2, 3] & Message<"reshapeBadDim">>>,
  Assert<Same<Arg<typeof reshape<X, "float32", [1.5, 16]>, 1>, [1.5, 16] & Message<"reshapeFractionalDim">>>,
  Assert<Same<ReshapeShape<"reshape", [2], (typeof reshapeOverflow)["target"]>, (typeof reshapeOverflow)["message"]>>,
  Assert<Same<Arg<typeof flatten<X, "float32", 3, -1>, 1>, Message<"flattenStart"> | undefined>>,
  Assert<Same<Arg<typeof flatten<X, "float32", 0, -4>, 2>, Message<"flattenEnd"> | undefined>>,
  Assert<Same<Arg<typeof flatten<X, "float32", -1, 1>, 2>, Message<"flattenOrder"> | undefined>>,
  Assert<Same<Arg<typeof unsqueeze<X, "float32", 4>, 1>, Message<"unsqueezeHigh">>>,
  Assert<Same<Arg<typeof unsqueeze<X, "float32", -5>, 1>, Message<"unsqueezeLow">>>,
  Assert<Same<Arg<typeof squeeze<X, "float32", 3>, 1>, Message<"squeezeAxis"> | undefined>>,
  Assert<Same<Arg<typeof transpose<X, "float32", 0, 3>, 2>, Message<"transposeDim1">>>,
  Assert<Same<Arg<typeof transpose<X, "float32", -4, 0>, 1>, Message<"transposeDim0">>>,
  Assert<Same<Arg<typeof permute<X, "float32", [0, 1]>, 1>, [0, 1] & Message<"permuteLength">>>,
  Assert<Same<Arg<typeof permute<X, "float32", [0, 1, 3]>, 1>, [0, 1, 3] & Message<"permuteRange">>>,
  Assert<Same<Arg<typeof permute<X, "float32", [0, 2, -3]>, 1>, [0, 2, -3] & Message<"permuteRepeat">>>,
  Assert<Same<Arg<typeof narrow<W, "float32", 3, 0, 1>, 1>, Message<"narrowAxis">>>,
  Assert<Same<Arg<typeof narrow<W, "float32", 1, 6, 0>, 2>, Message<"narrowStartHigh">>>,
  Assert<Same<Arg<typeof narrow<W, "float32", 1, -6, 0>, 2>, Message<"narrowStartLow">>>,
  Assert<Same<Arg<typeof narrow<W, "float32", 1, 1, -1>, 3>, Message<"narrowLength">>>,
  Assert<Same<Arg<typeof narrow<W, "float32", 1, 3, 3>, 3>, Message<"narrowPastEnd">>>,
  Assert<Same<Arg<typeof narrow<W, "float32", 1, -2, 3>, 3>, Message<"narrowPastEndNegativeStart">>>,
  Assert<Same<Arg<typeof select<W, "float32", 3, 0>, 1>, Message<"selectAxis">>>,
  Assert<Same<Arg<typeof select<W, "float32", 1, 5>, 2>, Message<"selectIndexHigh">>>,
  Assert<Same<Arg<typeof select<W, "float32", -2, -6>, 2>, Message<"selectIndexLow">>>,
  Assert<Same<Arg<typeof select<W, "float32", 2, 1.5>, 2>, Message<"selectIndexFraction">>>,
  Assert<Same<Arg<typeof cat<[F32<X>, F32<[2, 4, 4]>], 0>, 0>, [F32<X>, F32<[2, 4, 4]>] & Message<"catOtherAxis">>>,
  Assert<Same<Arg<typeof cat<[F32<X>, F32<X>], 3>, 1>, Message<"catDim">>>,
  Assert<Same<Arg<typeof cat<readonly [], 0>, 0>, readonly [] & Message<"catNothing">>>,
  Assert<Same<Arg<typeof cat<[F32<X>, F64<X>], 0>, 0>, [F32<X>, F64<X>] & Message<"catDType">>>,
  Assert<Same<Arg<typeof stack<[F32<X>, F32<[2, 3, 5]>], 0>, 0>, [F32<X>, F32<[2, 3, 5]>] & Message<"stackShape">>>,
  Assert<Same<Arg<typeof stack<[F32<X>, F32<[2, 3]>], 0>, 0>, [F32<X>, F32<[2, 3]>] & Message<"stackRank">>>,
  Assert<Same<Arg<typeof stack<[F32<X>, F32<X>], 4>, 1>, Message<"stackDim">>>,
  Assert<Same<Arg<typeof stack<readonly [], 0>, 0>, readonly [] & Message<"stackNothing">>>,
  Assert<Same<Arg<typeof stack<[F32<X>, F64<X>], 0>, 0>, [F32<X>, F64<X>] & Message<"stackDType">>>,
];
