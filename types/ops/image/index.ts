export type { AvgPool2dOptionNames, AvgPool2dOptions, AvgPool2dShape } from "./avg-pool2d.js";
export type { InterpolateOptionNames, InterpolateOptions, InterpolateShape, InterpolateXCheck } from "./interpolate.js";
export type { AlignCornersNearest, SizeOrScale, UnknownMode } from "./messages.js";
export type { PoolAxis } from "./pool-axis.js";
