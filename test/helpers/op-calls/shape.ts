/** How the shape-op cases of test/golden/tensor_ops.json call their ops; each case's parameters are read from the file. */
import { cat, flatten, narrow, permute, reshape, squeeze, stack, transpose, unsqueeze } from "../../../src/ops/shape/index.js";
import type { AnyTensor, CallOp } from "./run-case.js";

function int(params: Readonly<Record<string, unknown>>, key: string): number {
  const v = params[key];
  if (typeof v !== "number") throw new Error(`param ${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function ints(params: Readonly<Record<string, unknown>>, key: string): number[] {
  const v = params[key];
  if (!Array.isArray(v) || !v.every((d) => typeof d === "number")) throw new Error(`param ${key} must be a list of numbers`);
  return v as number[];
}

/** The joined inputs in key order a, b, c (the README's rule). */
function parts(inputs: Readonly<Record<string, AnyTensor>>): AnyTensor[] {
  return Object.keys(inputs)
    .sort()
    .map((k) => inputs[k]!);
}

export const shapeCalls: Readonly<Record<string, CallOp>> = {
  transpose: ({ x }, p) => transpose(x!, int(p, "dim0"), int(p, "dim1")),
  permute: ({ x }, p) => permute(x!, ints(p, "dims")),
  reshape: ({ x }, p) => reshape(x!, ints(p, "shape")),
  flatten: ({ x }, p) => flatten(x!, int(p, "startDim"), int(p, "endDim")),
  unsqueeze: ({ x }, p) => unsqueeze(x!, int(p, "dim")),
  squeeze: ({ x }, p) => (p.dim === null || p.dim === undefined ? squeeze(x!) : squeeze(x!, int(p, "dim"))),
  narrow: ({ x }, p) => narrow(x!, int(p, "dim"), int(p, "start"), int(p, "length")),
  cat: (inputs, p) => cat(parts(inputs), int(p, "dim")),
  stack: (inputs, p) => stack(parts(inputs), int(p, "dim")),
};
