// The image ops: pooling and resizing of (C, H, W) / (N, C, H, W) tensors, each recorded on the autograd tape.
export { avgPool2d, avgPool2dOptionNames, type AvgPool2dOptionNames, type AvgPool2dOptions, type AvgPool2dShape } from "./avg-pool2d.js";
export { interpolate, interpolateOptionNames, type InterpolateOptionNames, type InterpolateOptions, type InterpolateShape } from "./interpolate.js";
export { maxPool2d, maxPool2dBackward, maxPool2dWithIndices, type MaxPool2dOptions, type MaxPool2dShape } from "../max-pool2d.js";
