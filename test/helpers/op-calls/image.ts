/** How the image cases of test/golden/tensor_ops.json (avgPool2d, maxPool2d, interpolate) call their ops. */
import { avgPool2d, type AvgPool2dOptions } from "../../../src/ops/image/avg-pool2d.js";
import { interpolate, type InterpolateOptions } from "../../../src/ops/image/interpolate.js";
import { maxPool2d, type MaxPool2dOptions } from "../../../src/ops/max-pool2d.js";
import type { CallOp } from "./run-case.js";

type Pair = number | [number, number];

function pair(params: Readonly<Record<string, unknown>>, key: string): Pair | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number") return v;
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  throw new Error(`${key}: expected a number or [h, w], got ${JSON.stringify(v)}`);
}

function flag(params: Readonly<Record<string, unknown>>, key: string): boolean | undefined {
  const v = params[key];
  return v === undefined || v === null ? undefined : Boolean(v);
}

const callAvgPool: CallOp = (inputs, params) => {
  const options: AvgPool2dOptions = {
    kernel: pair(params, "kernel")!,
    stride: pair(params, "stride"),
    padding: pair(params, "padding"),
    ceilMode: flag(params, "ceilMode"),
    countIncludePad: flag(params, "countIncludePad"),
  };
  return avgPool2d(inputs["x"]!, options);
};

const callMaxPool: CallOp = (inputs, params) => {
  const options: MaxPool2dOptions = {
    kernel: pair(params, "kernel")!,
    stride: pair(params, "stride"),
    padding: pair(params, "padding"),
    ceilMode: flag(params, "ceilMode"),
  };
  return maxPool2d(inputs["x"]!, options);
};

const callInterpolate: CallOp = (inputs, params) => {
  const size = params["size"];
  const options: InterpolateOptions = {
    mode: params["mode"] as InterpolateOptions["mode"],
    size: Array.isArray(size) ? [Number(size[0]), Number(size[1])] : null,
    scaleFactor: pair(params, "scaleFactor") ?? null,
    alignCorners: flag(params, "alignCorners") ?? null,
  };
  return interpolate(inputs["x"]!, options);
};

export const imageCalls: Readonly<Record<string, CallOp>> = {
  avgPool2d: callAvgPool,
  maxPool2d: callMaxPool,
  interpolate: callInterpolate,
};
