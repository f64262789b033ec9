// Messages of the image ops (avgPool2d, interpolate) that the shared ones (types/tensor/messages.ts,
// types/messages/shape.ts, types/ops/messages.ts) do not cover. Each is written once more as a value in
// src/ops/image/messages.ts, whose return type is this type.

/** `interpolate` needs exactly one of `size` and `scaleFactor` (PyTorch: "only one of size or scale_factor should be defined"). */
export type SizeOrScale<Op extends string, Got extends "both" | "neither"> = `${Op}: give exactly one of size and scaleFactor, got ${Got}`;

/** `alignCorners` with mode nearest (PyTorch: "align_corners option can only be set with the interpolating modes"). */
export type AlignCornersNearest<Op extends string> = `${Op}: alignCorners can only be set with mode bilinear, not nearest`;

/** A mode the op does not have (only reachable from untyped callers). */
export type UnknownMode<Op extends string, Mode extends string> = `${Op}: unknown mode ${Mode}; the modes are nearest, bilinear`;
