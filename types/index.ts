// Public types of shapeproof (pure types: this module compiles to nothing).
export type * from "./nat/index.js";
export type * from "./shape/index.js";
export type * from "./messages/index.js";
export type * from "./tensor/index.js";
// The shape-agreement helpers ops are built from.
export type { Agree, CheckAgree, ShapesAgree, OrMessage, AxisName, AxisLabel } from "./ops/common.js";
// Checks every op applies: one dtype across arguments, an upstream gradient of the forward's shape.
export type { DTypeMismatch, NoTensors } from "./ops/messages.js";
export type { DTypeCheck } from "./ops/dtype-check.js";
export type { GradCheck } from "./ops/grad-check.js";
// The tape's messages, and the shape rules of the general ops and of typed composition.
export type * from "./autograd/index.js";
export type * from "./ops/elementwise/index.js";
export type * from "./ops/linalg/index.js";
export type * from "./ops/reduce/index.js";
export type * from "./ops/shape/index.js";
export type * from "./ops/image/index.js";
export type * from "./ops/norm/index.js";
export type { ApplyShapeFn, InputShape, SameShapeFn, ShapeFn } from "./nn/shape-fn.js";
export type { ChainShape, HasShapeFn, SequentialLayerMessage } from "./nn/sequential.js";
// Internal steps of the arithmetic and of the conv/pool shape rules that can appear in a user's inferred
// declarations (a function returning a pooled generic tensor): exported so declaration emit can name them.
export type { AddDigits } from "./nat/add-digits.js";
export type { SubDigits } from "./nat/sub-digits.js";
export type { MulDigits } from "./nat/mul-digits.js";
export type { CompareDigits } from "./nat/compare-digits.js";
export type { ShowDigits } from "./nat/parse.js";
export type { Borrow, SubTable } from "./nat/digits.js";
export type { AxisResult, Spatial2d } from "./ops/conv2d.js";
export type { Greater, ParseInput, SizeResult } from "./shape/params.js";
