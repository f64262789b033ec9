/**
 * Every mistake the elementwise ops reject, each written once: the sentence, a call that makes it at run time
 * (tensors with plain `number` dims, numbers the compiler sees as `number`), and (below) the parameter type the
 * compiler gives the same call with literal types. `Same<...>` makes tsc (TS 5.9 and TS 7, both compile this
 * file) prove the compile-time message IS the sentence; errors.test.ts proves the runtime throws it.
 */
import {
  add,
  clamp,
  div,
  dropout,
  elu,
  gelu,
  leakyRelu,
  maximum,
  minimum,
  mul,
  pow,
  softplus,
  sub,
  where,
} from "../../../src/ops/elementwise/index.js";
import type { ClampOptions, DropoutOptions, EluOptions, GeluOptions, LeakyReluOptions, SoftplusOptions } from "../../../src/ops/elementwise/index.js";
import type { Operand } from "../../../src/ops/elementwise/operand.js";
import { type Arg, type Assert, dyn, type F32, type F64, type MessageOf, num, type Same, unchecked } from "../../helpers/mistakes.js";

/** A number the compiler sees only as a tensor-or-number operand. */
function operand(value: number): Operand {
  return value;
}

export const mistakes = {
  addBroadcast: {
    message: "add: cannot broadcast axis -1: 4 vs 5",
    run: () => add(dyn([3, 4]), dyn([3, 5])),
  },
  subBroadcastLeading: {
    message: "sub: cannot broadcast axis -3: 2 vs 3",
    run: () => sub(dyn([2, 1, 4]), dyn([3, 5, 4])),
  },
  mulBroadcastShorter: {
    message: "mul: cannot broadcast axis -1: 4 vs 3",
    run: () => mul(dyn([2, 4]), dyn([3])),
  },
  divDType: {
    message: "div: b must be float32 like a, got float64",
    run: () => div(dyn([2, 3]), dyn([3], "float64")),
  },
  powDType: {
    message: "pow: b must be float64 like a, got float32",
    run: () => pow(dyn([2], "float64"), dyn([2], "float32")),
  },
  maximumBroadcast: {
    message: "maximum: cannot broadcast axis -2: 2 vs 3",
    run: () => maximum(dyn([2, 4]), dyn([3, 4])),
  },
  minimumBroadcast: {
    message: "minimum: cannot broadcast axis -1: 6 vs 2",
    run: () => minimum(dyn([6]), dyn([3, 2])),
  },
  addNumbers: {
    message: "add: a or b must be a tensor, got two numbers",
    run: () => add(operand(1), operand(2)),
  },
  whereA: {
    message: "where: cannot broadcast axis -1: 3 vs 4",
    run: () => where(dyn([2, 3]), dyn([4]), 0),
  },
  whereB: {
    message: "where: cannot broadcast axis -2: 2 vs 5",
    run: () => where(dyn([2, 3]), dyn([3]), dyn([5, 3])),
  },
  whereDType: {
    message: "where: b must be float32 like a, got float64",
    run: () => where(dyn([2, 3]), dyn([2, 3]), dyn([3], "float64")),
  },
  clampNoBound: {
    message: "clamp: at least one of min and max must be given",
    run: () => clamp(dyn([2, 3]), unchecked<ClampOptions>({})),
  },
  clampUnknownOption: {
    message: "clamp: unknown option lo; the options are min, max",
    run: () => clamp(dyn([2, 3]), unchecked<ClampOptions>({ lo: 0, max: 1 })),
  },
  dropoutP: {
    message: "dropout: p must be between 0 and 1, got 1.5",
    run: () => dropout(dyn([2, 3]), { p: num(1.5), seed: 0 }),
  },
  dropoutPNegative: {
    message: "dropout: p must be between 0 and 1, got -0.25",
    run: () => dropout(dyn([2, 3]), { p: num(-0.25), seed: 0, training: false }),
  },
  dropoutUnknownOption: {
    message: "dropout: unknown option inplace; the options are p, training, seed",
    run: () => dropout(dyn([2, 3]), unchecked<DropoutOptions>({ p: 0.1, seed: 0, inplace: true })),
  },
  geluUnknownOption: {
    message: "gelu: unknown option approx; the options are approximate",
    run: () => gelu(dyn([2, 3]), unchecked<GeluOptions>({ approx: "tanh" })),
  },
  leakyReluUnknownOption: {
    message: "leakyRelu: unknown option negative_slope; the options are negativeSlope",
    run: () => leakyRelu(dyn([2, 3]), unchecked<LeakyReluOptions>({ negative_slope: 0.2 })),
  },
  softplusUnknownOption: {
    message: "softplus: unknown option thresh; the options are beta, threshold",
    run: () => softplus(dyn([2, 3]), unchecked<SoftplusOptions>({ beta: 2, thresh: 10 })),
  },
  eluUnknownOption: {
    message: "elu: unknown option inplace; the options are alpha",
    run: () => elu(dyn([2, 3]), unchecked<EluOptions>({ inplace: true })),
  },
} as const;

type Mistake = keyof typeof mistakes;
type Message<K extends Mistake> = MessageOf<typeof mistakes, K>;

/**
 * The parameter the compiler checks each call's offending argument against, for the literal-type version of each
 * `run` above: the argument's own type intersected with the message, so the error reads the sentence.
 */
export type CompileTimeMessages = [
  Assert<Same<Arg<typeof add<F32<[3, 4]>, F32<[3, 5]>>, 1>, F32<[3, 5]> & Message<"addBroadcast">>>,
  Assert<Same<Arg<typeof sub<F32<[2, 1, 4]>, F32<[3, 5, 4]>>, 1>, F32<[3, 5, 4]> & Message<"subBroadcastLeading">>>,
  Assert<Same<Arg<typeof mul<F32<[2, 4]>, F32<[3]>>, 1>, F32<[3]> & Message<"mulBroadcastShorter">>>,
  Assert<Same<Arg<typeof div<F32<[2, 3]>, F64<[3]>>, 1>, F64<[3]> & Message<"divDType">>>,
  Assert<Same<Arg<typeof pow<F64<[2]>, F32<[2]>>, 1>, F32<[2]> & Message<"powDType">>>,
  Assert<Same<Arg<typeof maximum<F32<[2, 4]>, F32<[3, 4]>>, 1>, F32<[3, 4]> & Message<"maximumBroadcast">>>,
  Assert<Same<Arg<typeof minimum<F32<[6]>, F32<[3, 2]>>, 1>, F32<[3, 2]> & Message<"minimumBroadcast">>>,
  Assert<Same<Arg<typeof add<1, 2>, 1>, Message<"addNumbers">>>,
  Assert<Same<Arg<typeof where<[2, 3], "float32", F32<[4]>, 0>, 1>, F32<[4]> & Message<"whereA">>>,
  Assert<Same<Arg<typeof where<[2, 3], "float32", F32<[3]>, F32<[5, 3]>>, 2>, F32<[5, 3]> & Message<"whereB">>>,
  Assert<Same<Arg<typeof where<[2, 3], "float32", F32<[2, 3]>, F64<[3]>>, 2>, F64<[3]> & Message<"whereDType">>>,
  Assert<Same<Arg<typeof clamp<[2, 3], "float32", {}>, 1>, {} & Message<"clampNoBound">>>,
  Assert<Same<Arg<typeof clamp<[2, 3], "float32", { lo: 0; max: 1 }>, 1>, { lo: 0; max: 1 } & Message<"clampUnknownOption">>>,
  Assert<Same<Arg<typeof dropout<[2, 3], "float32", { p: 1.5; seed: 0 }>, 1>, { p: 1.5; seed: 0 } & Message<"dropoutP">>>,
  Assert<
    Same<
      Arg<typeof dropout<[2, 3], "float32", { p: -0.25; seed: 0; training: false }>, 1>,
      { p: -0.25; seed: 0; training: false } & Message<"dropoutPNegative">
    >
  >,
  Assert<
    Same<
      Arg<typeof dropout<[2, 3], "float32", { p: 0.1; seed: 0; inplace: true }>, 1>,
      { p: 0.1; seed: 0; inplace: true } & Message<"dropoutUnknownOption">
    >
  >,
  Assert<Same<Arg<typeof gelu<[2, 3], "float32", { approx: "tanh" }>, 1>, ({ approx: "tanh" } & Message<"geluUnknownOption">) | undefined>>,
  Assert<
    Same<
      Arg<typeof leakyRelu<[2, 3], "float32", { negative_slope: 0.2 }>, 1>,
      ({ negative_slope: 0.2 } & Message<"leakyReluUnknownOption">) | undefined
    >
  >,
  Assert<
    Same<
      Arg<typeof softplus<[2, 3], "float32", { beta: 2; thresh: 10 }>, 1>,
      ({ beta: 2; thresh: 10 } & Message<"softplusUnknownOption">) | undefined
    >
  >,
  Assert<Same<Arg<typeof elu<[2, 3], "float32", { inplace: true }>, 1>, ({ inplace: true } & Message<"eluUnknownOption">) | undefined>>,
];
