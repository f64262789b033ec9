/** How the loss cases of test/golden/tensor_ops.json call their ops (each case's params read, none assumed). */
import { bceWithLogits, crossEntropy, huber, mse, nllLoss, type Reduction, smoothL1 } from "../../../src/train/index.js";
import type { AnyTensor, CallOp } from "./run-case.js";

function reductionOf(params: Readonly<Record<string, unknown>>): Reduction {
  const r = params["reduction"];
  if (r !== "mean" && r !== "sum" && r !== "none") throw new Error(`unexpected reduction ${String(r)}`);
  return r;
}

function num(params: Readonly<Record<string, unknown>>, key: string): number {
  const v = params[key];
  if (typeof v !== "number") throw new Error(`param ${key} should be a number, got ${String(v)}`);
  return v;
}

function input(inputs: Readonly<Record<string, AnyTensor>>, name: string): AnyTensor {
  const t = inputs[name];
  if (t === undefined) throw new Error(`missing input ${name}`);
  return t;
}

/** Our losses put the classes on axis 1 (axis 0 for a (C) input), as PyTorch: the case must agree. */
function classAxis(params: Readonly<Record<string, unknown>>, x: AnyTensor): void {
  const axis = num(params, "classAxis");
  if (axis !== (x.shape.length === 1 ? 0 : 1)) throw new Error(`classAxis ${axis} is not the class axis of shape [${x.shape.join(", ")}]`);
}

function known(params: Readonly<Record<string, unknown>>, keys: readonly string[]): void {
  for (const k of Object.keys(params)) if (!keys.includes(k)) throw new Error(`unread param ${k}`);
}

const call =
  (op: string): CallOp =>
  (inputs, params) => {
    const reduction = reductionOf(params);
    switch (op) {
      case "crossEntropy": {
        known(params, ["reduction", "ignoreIndex", "labelSmoothing", "classAxis"]);
        const logits = input(inputs, "logits");
        classAxis(params, logits);
        return crossEntropy(logits, input(inputs, "target"), {
          weight: inputs["weight"] ?? null,
          ignoreIndex: num(params, "ignoreIndex"),
          labelSmoothing: num(params, "labelSmoothing"),
          reduction,
        });
      }
      case "nllLoss": {
        known(params, ["reduction", "ignoreIndex", "classAxis"]);
        const logProbs = input(inputs, "logProbs");
        classAxis(params, logProbs);
        return nllLoss(logProbs, input(inputs, "target"), { weight: inputs["weight"] ?? null, ignoreIndex: num(params, "ignoreIndex"), reduction });
      }
      case "bceWithLogits":
        known(params, ["reduction"]);
        return bceWithLogits(input(inputs, "logits"), input(inputs, "target"), { posWeight: inputs["posWeight"] ?? null, reduction });
      case "mse":
        known(params, ["reduction"]);
        return mse(input(inputs, "pred"), input(inputs, "target"), { reduction });
      case "huber":
        known(params, ["reduction", "delta"]);
        return huber(input(inputs, "pred"), input(inputs, "target"), { delta: num(params, "delta"), reduction });
      case "smoothL1":
        known(params, ["reduction", "beta"]);
        return smoothL1(input(inputs, "pred"), input(inputs, "target"), { beta: num(params, "beta"), reduction });
      default:
        throw new Error(`no caller for ${op}`);
    }
  };

export const lossCalls: Readonly<Record<string, CallOp>> = Object.fromEntries(
  ["crossEntropy", "nllLoss", "bceWithLogits", "mse", "huber", "smoothL1"].map((op) => [op, call(op)]),
);
