/**
 * Every mistake the image ops (avgPool2d, interpolate) reject, written once: the sentence, a call that makes it at
 * run time (`number` dims and hyperparameters, which the compiler cannot judge), and, at the bottom, the parameter
 * type the compiler gives the same call with literal types at the argument that is wrong. `Same<...>` makes both
 * compilers prove the compile-time message IS the sentence; errors.test.ts proves the runtime throws it.
 */
import { avgPool2d, type AvgPool2dOptions } from "../../../src/ops/image/avg-pool2d.js";
import { interpolate, type InterpolateOptions } from "../../../src/ops/image/interpolate.js";
import { type Arg, type Assert, dyn, type F32, type MessageOf, num, type Same, unchecked } from "../../helpers/mistakes.js";

export const mistakes = {
  avgPoolRank: {
    message: "avgPool2d: x must be (C, H, W) or (N, C, H, W), got rank 2",
    run: () => avgPool2d(dyn([8, 8]), { kernel: 2 }),
  },
  avgPoolKernelTooLarge: {
    message: "avgPool2d: axis H: dilated kernel 5 is larger than padded input 4",
    run: () => avgPool2d(dyn([3, 4, 4]), { kernel: num(5) }),
  },
  avgPoolPadding: {
    message: "avgPool2d: axis W: padding 2 should be at most half of kernel size 3",
    run: () => avgPool2d(dyn([3, 8, 8]), { kernel: 3, padding: [1, num(2)] }),
  },
  avgPoolStrideZero: {
    message: "avgPool2d: axis W: stride should be greater than zero, but got 0",
    run: () => avgPool2d(dyn([2, 3, 8, 8]), { kernel: 2, stride: [2, num(0)] }),
  },
  avgPoolInputZero: {
    message: "avgPool2d: axis H: input size should be greater than zero, but got 0",
    run: () => avgPool2d(dyn([3, 0, 8]), { kernel: 2 }),
  },
  avgPoolUnknownOption: {
    message: "avgPool2d: unknown option dilation; the options are kernel, stride, padding, ceilMode, countIncludePad",
    run: () => avgPool2d(dyn([3, 8, 8]), unchecked<AvgPool2dOptions>({ kernel: 2, dilation: 2 })),
  },
  interpolateRank: {
    message: "interpolate: x must be (N, C, H, W), got rank 3",
    run: () => interpolate(dyn([2, 3, 4]), { scaleFactor: 2, mode: "nearest" }),
  },
  interpolateBoth: {
    message: "interpolate: give exactly one of size and scaleFactor, got both",
    run: () => interpolate(dyn([1, 2, 3, 4]), unchecked<InterpolateOptions>({ size: [6, 8], scaleFactor: 2, mode: "nearest" })),
  },
  interpolateNeither: {
    message: "interpolate: give exactly one of size and scaleFactor, got neither",
    run: () => interpolate(dyn([1, 2, 3, 4]), unchecked<InterpolateOptions>({ mode: "bilinear", size: null })),
  },
  interpolateAlignNearest: {
    message: "interpolate: alignCorners can only be set with mode bilinear, not nearest",
    run: () => interpolate(dyn([1, 2, 3, 4]), unchecked<InterpolateOptions>({ scaleFactor: 2, mode: "nearest", alignCorners: false })),
  },
  interpolateScaleZero: {
    message: "interpolate: axis W: scale factor should be greater than zero, but got 0",
    run: () => interpolate(dyn([1, 2, 3, 4]), { scaleFactor: [2, num(0)], mode: "bilinear" }),
  },
  interpolateScaleNegative: {
    message: "interpolate: axis H: scale factor should be greater than zero, but got -2",
    run: () => interpolate(dyn([1, 2, 3, 4]), { scaleFactor: num(-2), mode: "nearest" }),
  },
  interpolateUnknownOption: {
    message: "interpolate: unknown option scale_factor; the options are size, scaleFactor, mode, alignCorners",
    run: () => interpolate(dyn([1, 2, 3, 4]), unchecked<InterpolateOptions>({ scale_factor: 2, mode: "nearest" })),
  },
} as const;

type Mistake = keyof typeof mistakes;
type Message<K extends Mistake> = MessageOf<typeof mistakes, K>;

/** The parameter type at the offending argument of each `run` above, with literal types: its own type and the sentence. */
export type CompileTimeMessages = [
  Assert<Same<Arg<typeof avgPool2d<[8, 8], "float32", { kernel: 2 }>, 0>, F32<[8, 8]> & Message<"avgPoolRank">>>,
  Assert<Same<Arg<typeof avgPool2d<[3, 4, 4], "float32", { kernel: 5 }>, 1>, { kernel: 5 } & Message<"avgPoolKernelTooLarge">>>,
  Assert<
    Same<Arg<typeof avgPool2d<[3, 8, 8], "float32", { kernel: 3; padding: [1, 2] }>, 1>, { kernel: 3; padding: [1, 2] } & Message<"avgPoolPadding">>
  >,
  Assert<
    Same<
      Arg<typeof avgPool2d<[2, 3, 8, 8], "float32", { kernel: 2; stride: [2, 0] }>, 1>,
      { kernel: 2; stride: [2, 0] } & Message<"avgPoolStrideZero">
    >
  >,
  Assert<Same<Arg<typeof avgPool2d<[3, 0, 8], "float32", { kernel: 2 }>, 1>, { kernel: 2 } & Message<"avgPoolInputZero">>>,
  Assert<
    Same<Arg<typeof avgPool2d<[3, 8, 8], "float32", { kernel: 2; dilation: 2 }>, 1>, { kernel: 2; dilation: 2 } & Message<"avgPoolUnknownOption">>
  >,
  Assert<Same<Arg<typeof interpolate<[2, 3, 4], "float32", { scaleFactor: 2; mode: "nearest" }>, 0>, F32<[2, 3, 4]> & Message<"interpolateRank">>>,
  Assert<
    Same<
      Arg<typeof interpolate<[1, 2, 3, 4], "float32", { size: [6, 8]; scaleFactor: 2; mode: "nearest" }>, 1>,
      { size: [6, 8]; scaleFactor: 2; mode: "nearest" } & Message<"interpolateBoth">
    >
  >,
  Assert<
    Same<
      Arg<typeof interpolate<[1, 2, 3, 4], "float32", { mode: "bilinear"; size: null }>, 1>,
      { mode: "bilinear"; size: null } & Message<"interpolateNeither">
    >
  >,
  Assert<
    Same<
      Arg<typeof interpolate<[1, 2, 3, 4], "float32", { scaleFactor: 2; mode: "nearest"; alignCorners: false }>, 1>,
      { scaleFactor: 2; mode: "nearest"; alignCorners: false } & Message<"interpolateAlignNearest">
    >
  >,
  Assert<
    Same<
      Arg<typeof interpolate<[1, 2, 3, 4], "float32", { scaleFactor: [2, 0]; mode: "bilinear" }>, 1>,
      { scaleFactor: [2, 0]; mode: "bilinear" } & Message<"interpolateScaleZero">
    >
  >,
  Assert<
    Same<
      Arg<typeof interpolate<[1, 2, 3, 4], "float32", { scaleFactor: -2; mode: "nearest" }>, 1>,
      { scaleFactor: -2; mode: "nearest" } & Message<"interpolateScaleNegative">
    >
  >,
  Assert<
    Same<
      Arg<typeof interpolate<[1, 2, 3, 4], "float32", { scale_factor: 2; mode: "nearest" }>, 1>,
      { scale_factor: 2; mode: "nearest" } & Message<"interpolateUnknownOption">
    >
  >,
];
