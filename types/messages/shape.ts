import type { Printable } from "./printable.js";

// Messages of the shape formulas (types/shape). Each names the operation, the axis and the
// values, and follows PyTorch's wording where PyTorch has one. The runtime builders in
// src/messages/shape.ts return exactly these types.

/** Kernel size, stride or dilation of 0 (PyTorch: "stride should be greater than zero"). */
export type NotPositive<
  Op extends string,
  Axis extends string,
  Name extends string,
  Got extends Printable,
> = `${Op}: axis ${Axis}: ${Name} should be greater than zero, but got ${Got}`;

/** Dilated kernel D(K-1)+1 larger than the padded input H+2P. */
export type KernelTooLarge<
  Op extends string,
  Axis extends string,
  K extends Printable,
  In extends Printable,
> = `${Op}: axis ${Axis}: dilated kernel ${K} is larger than padded input ${In}`;

/** Pooling padding larger than half the kernel (PyTorch: "pad should be smaller than or equal to half of kernel size"). */
export type PadTooLarge<
  Op extends string,
  Axis extends string,
  P extends Printable,
  K extends Printable,
> = `${Op}: axis ${Axis}: padding ${P} should be at most half of kernel size ${K}`;

/** Transposed conv: output_padding must be smaller than either stride or dilation (PyTorch's rule). */
export type OutputPaddingTooLarge<
  Op extends string,
  Axis extends string,
  OP extends Printable,
  S extends Printable,
  D extends Printable,
> = `${Op}: axis ${Axis}: output padding ${OP} must be smaller than either stride ${S} or dilation ${D}`;

/** The formula gives a size ≤ 0 (PyTorch: "Output size is too small"). */
export type OutputTooSmall<
  Op extends string,
  Axis extends string,
  In extends Printable,
  Out extends Printable,
> = `${Op}: axis ${Axis}: calculated output size ${Out} is too small for input size ${In}`;

/** The formula gives a size past 2^53 - 1. */
export type OutputTooLarge<
  Op extends string,
  Axis extends string,
  Out extends Printable,
> = `${Op}: axis ${Axis}: output size ${Out} exceeds 2^53 - 1`;
