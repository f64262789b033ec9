// The ops with run-time shapes, for test models built from sizes chosen at run time (the typed signatures need
// literal shapes). Each is the library's own function.
import type { DType, Shape } from "../../types/tensor/shape.js";
import {
  batchNorm2d,
  type BatchNorm2dState,
  centerCrop,
  concat,
  conv2d,
  conv2dRelu,
  convTranspose2d,
  type ConvTranspose2dOptions,
  maxPool2d,
  type MaxPool2dOptions,
  relu,
  type Conv2dOptions,
} from "../../src/ops/index.js";
import { add, leakyRelu, mul, neg, sigmoid, sub, tanh, type Operand } from "../../src/ops/elementwise/index.js";
import { mean, sum } from "../../src/ops/reduce/index.js";
import { avgPool2d, type AvgPool2dOptions, interpolate, type InterpolateOptions } from "../../src/ops/image/index.js";
import { linear } from "../../src/ops/linalg/index.js";
import { groupNorm, layerNorm } from "../../src/ops/norm/index.js";
import { flatten, narrow, permute, reshape, select, stack, transpose } from "../../src/ops/shape/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";

export type T = Tensor<Shape, "float32">;
type Any = Tensor<Shape, DType>;

export const ops = {
  linear: linear as unknown as (x: T, w: T, b?: T | null) => T,
  conv2d: conv2d as unknown as (x: T, w: T, b: T | null, o?: Conv2dOptions) => T,
  conv2dRelu: conv2dRelu as unknown as (x: T, w: T, b: T | null, o?: Conv2dOptions) => T,
  convTranspose2d: convTranspose2d as unknown as (x: T, w: T, b: T | null, o?: ConvTranspose2dOptions) => T,
  maxPool2d: maxPool2d as unknown as (x: T, o: MaxPool2dOptions) => T,
  avgPool2d: avgPool2d as unknown as (x: T, o: AvgPool2dOptions) => T,
  interpolate: interpolate as unknown as (x: T, o: InterpolateOptions) => T,
  centerCrop: centerCrop as unknown as (x: T, size: readonly [number, number]) => T,
  concat: concat as unknown as (parts: readonly T[], axis: number) => T,
  relu: relu as unknown as (x: T) => T,
  leakyRelu: leakyRelu as unknown as (x: T, o?: { negativeSlope?: number }) => T,
  sigmoid: sigmoid as unknown as (x: T) => T,
  tanh: tanh as unknown as (x: T) => T,
  add: add as unknown as (a: Operand, b: Operand) => T,
  sub: sub as unknown as (a: Operand, b: Operand) => T,
  mul: mul as unknown as (a: Operand, b: Operand) => T,
  neg: neg as unknown as (x: T) => T,
  sum: sum as unknown as (x: T, o?: { dim?: number | readonly number[] | null; keepdim?: boolean }) => T,
  mean: mean as unknown as (x: T, o?: { dim?: number | readonly number[] | null; keepdim?: boolean }) => T,
  flatten: flatten as unknown as (x: T, start?: number, end?: number) => T,
  reshape: reshape as unknown as (x: T, shape: readonly number[]) => T,
  narrow: narrow as unknown as (x: T, dim: number, start: number, length: number) => T,
  select: select as unknown as (x: T, dim: number, index: number) => T,
  permute: permute as unknown as (x: T, dims: readonly number[]) => T,
  transpose: transpose as unknown as (x: T, dim0: number, dim1: number) => T,
  stack: stack as unknown as (parts: readonly T[], dim: number) => T,
  layerNorm: layerNorm as unknown as (x: T, ns: readonly number[], w?: T | null, b?: T | null) => T,
  groupNorm: groupNorm as unknown as (x: T, groups: number, w?: T | null, b?: T | null) => T,
  batchNorm2d: (x: T, state: BatchNorm2dState<number, "float32">) =>
    (batchNorm2d as unknown as (x: Any, s: BatchNorm2dState<number, "float32">, o: { training: boolean }) => { output: T })(x, state, {
      training: false,
    }).output,
};
