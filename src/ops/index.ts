export { type Conv2dGrads, type Conv2dOptions, type Conv2dShape, type BackwardOptions, conv2d, conv2dBackward } from "./conv2d.js";
export {
  type ConvTranspose2dGrads,
  type ConvTranspose2dOptions,
  type ConvTranspose2dShape,
  convTranspose2d,
  convTranspose2dBackward,
} from "./conv-transpose2d.js";
export {
  type MaxPool2dOptions,
  type MaxPool2dResult,
  type MaxPool2dSaved,
  type MaxPool2dShape,
  maxPool2d,
  maxPool2dBackward,
  maxPool2dWithIndices,
} from "./max-pool2d.js";
export { conv2dRelu } from "./conv2d-relu.js";
export { relu, reluBackward } from "./relu.js";
export { type ConcatShape, concat, concatBackward } from "./concat.js";
export {
  type BatchNorm2dGrads,
  type BatchNorm2dOptions,
  type BatchNorm2dSaved,
  type BatchNorm2dState,
  batchNorm2d,
  batchNorm2dBackward,
  batchNorm2dStateDict,
  createBatchNorm2d,
} from "./batch-norm2d.js";
export { type CenterCropShape, centerCrop, centerCropBackward } from "./center-crop.js";
export * from "./elementwise/index.js";
export * from "./linalg/index.js";
export * from "./reduce/index.js";
export * from "./shape/index.js";
export { avgPool2d, type AvgPool2dOptions, type AvgPool2dShape, interpolate, type InterpolateOptions, type InterpolateShape } from "./image/index.js";
export * from "./norm/index.js";
export type { ShapedResult, ShapeGuard } from "./result.js";
