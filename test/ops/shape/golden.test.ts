/**
 * The shape ops against PyTorch (test/golden/tensor_ops.json): forward and every input's gradient through the
 * tape, float32 and float64, every backend. Each case's parameters are read from the file.
 */
import { cat, flatten, narrow, permute, reshape, squeeze, stack, transpose, unsqueeze } from "../../../src/ops/shape/index.js";
import { type AnyTensor, type CallOp, describeTensorOps, tensorOpCases } from "../../helpers/tensor-ops.js";

const ops = ["transpose", "permute", "reshape", "flatten", "unsqueeze", "squeeze", "narrow", "cat", "stack"] as const;

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

function callFor(op: string): CallOp {
  switch (op) {
    case "transpose":
      return ({ x }, p) => transpose(x!, int(p, "dim0"), int(p, "dim1"));
    case "permute":
      return ({ x }, p) => permute(x!, ints(p, "dims"));
    case "reshape":
      return ({ x }, p) => reshape(x!, ints(p, "shape"));
    case "flatten":
      return ({ x }, p) => flatten(x!, int(p, "startDim"), int(p, "endDim"));
    case "unsqueeze":
      return ({ x }, p) => unsqueeze(x!, int(p, "dim"));
    case "squeeze":
      return ({ x }, p) => (p.dim === null || p.dim === undefined ? squeeze(x!) : squeeze(x!, int(p, "dim")));
    case "narrow":
      return ({ x }, p) => narrow(x!, int(p, "dim"), int(p, "start"), int(p, "length"));
    case "cat":
      return (inputs, p) => cat(parts(inputs), int(p, "dim"));
    case "stack":
      return (inputs, p) => stack(parts(inputs), int(p, "dim"));
    default:
      throw new Error(`no caller for ${op}`);
  }
}

describeTensorOps("shape ops (golden)", tensorOpCases([...ops]), callFor);
