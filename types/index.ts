// Public types of shapeproof (pure types: this module compiles to nothing).
export type * from "./nat/index.js";
export type * from "./shape/index.js";
export type * from "./messages/index.js";
export type * from "./tensor/index.js";
// The shape-agreement helpers ops are built from.
export type { Agree, CheckAgree, MustMatch, MustMatchThen, ShapesAgree, OrMessage, AxisName, AxisLabel } from "./ops/common.js";
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
export type * from "./bounds/index.js";
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
// Types the public types and signatures above are built from, exported so the API reference (typedoc) and a
// user's hover can name them; the purely arithmetic steps stay local (typedoc.json, intentionallyNotExported).
export type { Compare, Extreme, OrderingIs } from "./nat/compare.js";
export type { AddTable, Carry, Dec, Inc } from "./nat/digits.js";
export type { Division } from "./nat/division.js";
export type { BinaryOperands, DigitsResult, UnaryOperand } from "./nat/operands.js";
export type { DigitsToNumber, FitsSafe, ParseNat } from "./nat/parse.js";
export type { TrimDigits } from "./nat/sub-digits.js";
export type { UNetClassicAxis } from "./nn/unet-classic.js";
export type { CheckGuard, UNetCommonCheck, UNetInputCheck, UNetOutput, UNetSizeCheck } from "./nn/unet.js";
export type { Double, UNet2Check, UNet2ConfigShape, UNet2DefaultConfig, UNet2WF, WithConfig } from "./nn/unet2.js";
export type { BatchNorm2dCheck } from "./ops/batch-norm2d.js";
export type { CropAxis } from "./ops/center-crop.js";
export type { Guard, PairOf, SplitImage } from "./ops/common.js";
export type { ConcatDTypeCheck } from "./ops/concat.js";
export type { ConvTranspose2dOptionsCheck, ConvTranspose2dOptionsGuard } from "./ops/conv-transpose2d.js";
export type { Conv2dOptionsCheck, Conv2dOptionsGuard, DilationOf, PaddingOf } from "./ops/conv2d.js";
export type { FirstMessage } from "./ops/first-message.js";
export type { CeilOf, KernelOf, MaxPool2dOptionNames, PoolStrideOf } from "./ops/max-pool2d.js";
export type { OpenOptions, OptionKeysCheck, OptionOf, OptionsGuard } from "./ops/options.js";
export type { AfterBroadcast, BroadcastGuard, CanBroadcast, CanBroadcastAfter } from "./shape/broadcast.js";
export type { IsSamePadding, ParseParams, PositiveChecks, Wide } from "./shape/params.js";
export type { Mutable } from "./tensor/shape.js";
export type { ClassInputGuard, ClassInputRanks, ClassTargetGuard, ClassWeightGuard, SameShapeGuard } from "./train/losses.js";
export type { BroadcastMismatch, LossBadRank } from "./train/messages.js";
export type { MaxSafeDigits, ShortLength } from "./nat/digits.js";
export type { DivModDigits } from "./nat/divmod-digits.js";
export type { UNetBadDepth, UNetZeroField } from "./nn/messages-beyond.js";
export type { NonZeroFact, NonZeroSize } from "./nn/messages.js";
export type { UNetDepth } from "./nn/unet.js";
export type { UNet2Obligations } from "./nn/unet2.js";
export type { CropOddMargin, CropTooLarge } from "./ops/center-crop.js";
export type { ConvTranspose2dOptionNames } from "./ops/conv-transpose2d.js";
export type { Conv2dOptionNames, StrideOf, WindowOptionsCheck } from "./ops/conv2d.js";
export type { UnknownOption } from "./ops/messages.js";
export type { JoinNames } from "./ops/options.js";
export type { ClassWeightCheck } from "./train/losses.js";
export type { SameShapeCheck } from "./train/same-shape.js";
export type { Multiples } from "./nat/divmod-digits.js";
export type { ClassWeightMismatch, ShapeMismatch } from "./train/messages.js";
// The named types an error on a generic size prints (docs/typescript.md), and the guards built from them.
export type { MaxPool2dOptionsGuard, PoolAxisFits, PoolAxisFitsThen, PoolAxisThen } from "./ops/max-pool2d.js";
export type { AxisProblem, Conv2dSpatialGuard, ConvAxisFits, ConvAxisFitsThen, ConvAxisThen } from "./ops/conv2d.js";
export type { ConvTranspose2dSpatialGuard, ConvTransposeAxisFits, ConvTransposeAxisFitsThen, ConvTransposeAxisThen } from "./ops/conv-transpose2d.js";
