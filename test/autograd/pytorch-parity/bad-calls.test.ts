/**
 * A bad call to a general op throws a ShapeError (DTypeError for a dtype mismatch) whose sentence starts with the
 * op's name and names what is wrong, and changes nothing: the inputs (here made by recorded ops, so they sit on a
 * tape) keep their data, no leaf gets a .grad, and a backward through them afterwards gives the same gradients as
 * without the failed call.
 */
import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError } from "../../../src/errors.js";
import { add, clamp, gelu, leakyRelu, maximum, mul, pow, sub, where } from "../../../src/ops/elementwise/index.js";
import { matmul } from "../../../src/ops/linalg/matmul.js";
import { groupNorm } from "../../../src/ops/norm/group-norm.js";
import { layerNorm } from "../../../src/ops/norm/layer-norm.js";
import { amax, amin, logSoftmax, logsumexp, mean, softmax, sum, variance } from "../../../src/ops/reduce/index.js";
import { cat, flatten, narrow, permute, reshape, squeeze, stack, transpose, unsqueeze, view } from "../../../src/ops/shape/index.js";
import { tensor, zeros } from "../../../src/tensor/tensor.js";
import { crossEntropy, mse, nllLoss } from "../../../src/train/index.js";
import type { AnyTensor } from "./program.js";

interface Inputs {
  /** (2, 3) float32, made by a recorded op from leaf `a` */
  readonly x: AnyTensor;
  /** (2, 3) float64, made by a recorded op from leaf `b` */
  readonly x64: AnyTensor;
  /** (2, 0) float32 leaf requiring grad */
  readonly empty: AnyTensor;
}

/** Each bad call, the error class it must throw, and words its sentence must hold (besides the op's name). */
const badCalls: readonly [op: string, kind: typeof ShapeError, words: readonly string[], call: (i: Inputs) => unknown][] = [
  ["add", ShapeError, ["broadcast", "3", "4"], ({ x }) => add(x, tensor([4], [1, 2, 3, 4]) as AnyTensor)],
  ["sub", DTypeError, ["float32", "float64"], ({ x, x64 }) => sub(x, x64)],
  ["pow", DTypeError, ["float32", "float64"], ({ x, x64 }) => pow(x64, x)],
  ["maximum", ShapeError, ["broadcast"], ({ x }) => maximum(x, tensor([2, 2], [1, 2, 3, 4]) as AnyTensor)],
  ["where", ShapeError, ["broadcast"], ({ x }) => where(tensor([4], [1, 0, 1, 0]) as AnyTensor, x, x)],
  ["where", DTypeError, ["float32", "float64"], ({ x, x64 }) => where(tensor([3], [1, 0, 1]) as AnyTensor, x, x64)],
  ["clamp", ShapeError, ["min", "max"], ({ x }) => clamp(x, {} as { min: number })],
  ["gelu", ShapeError, ["approximate", "erf"], ({ x }) => gelu(x, { approximate: "erf" as "tanh" })],
  ["leakyRelu", ShapeError, ["negative_slope"], ({ x }) => leakyRelu(x, { negative_slope: 0.1 } as unknown as { negativeSlope: number })],
  ["sum", ShapeError, ["axis 2", "rank 2"], ({ x }) => sum(x, { dim: 2 })],
  ["mean", ShapeError, ["axis 1", "twice"], ({ x }) => mean(x, { dim: [1, -1] })],
  ["amax", ShapeError, ["axis 1", "size 0"], ({ empty }) => amax(empty, { dim: 1 })],
  ["amin", ShapeError, ["size 0"], ({ empty }) => amin(empty)],
  ["var", ShapeError, ["axis -3"], ({ x }) => variance(x, { dim: -3 })],
  ["logsumexp", ShapeError, ["axis"], ({ x }) => logsumexp(x, { axis: 1 } as unknown as { dim: number })],
  ["softmax", ShapeError, ["axis 2"], ({ x }) => softmax(x, 2)],
  ["logSoftmax", ShapeError, ["axis -3"], ({ x }) => logSoftmax(x, -3)],
  ["reshape", ShapeError, ["6", "[4, -1]"], ({ x }) => reshape(x, [4, -1])],
  ["view", ShapeError, ["-1"], ({ x }) => view(x, [-1, -1] as number[])],
  ["permute", ShapeError, ["axis 0", "twice"], ({ x }) => permute(x, [0, 0])],
  ["transpose", ShapeError, ["axis 2"], ({ x }) => transpose(x, 0, 2)],
  ["narrow", ShapeError, ["start 2", "length 2", "size 3"], ({ x }) => narrow(x, 1, 2, 2)],
  ["narrow", ShapeError, ["start -4", "size 3"], ({ x }) => narrow(x, 1, -4, 1)],
  ["squeeze", ShapeError, ["axis 2"], ({ x }) => squeeze(x, 2)],
  ["unsqueeze", ShapeError, ["4"], ({ x }) => unsqueeze(x, 4)],
  ["flatten", ShapeError, ["startDim", "endDim"], ({ x }) => flatten(x, 1, 0)],
  ["cat", DTypeError, ["float32", "float64"], ({ x, x64 }) => cat([x, x64], 0)],
  ["cat", ShapeError, ["3", "2"], ({ x }) => cat([x, tensor([2, 2], [1, 2, 3, 4]) as AnyTensor], 0)],
  ["stack", ShapeError, ["[3, 2]", "[2, 3]"], ({ x }) => stack([x, tensor([3, 2], [1, 2, 3, 4, 5, 6]) as AnyTensor], 0)],
  ["matmul", ShapeError, ["3", "2"], ({ x }) => matmul(x, x)],
  ["matmul", DTypeError, ["float32", "float64"], ({ x, x64 }) => matmul(x, transpose(x64, 0, 1))],
  ["layerNorm", ShapeError, ["2", "3"], ({ x }) => layerNorm(x, [2])],
  ["layerNorm", DTypeError, ["weight", "float64"], ({ x }) => layerNorm(x, [3], tensor([3], [1, 1, 1], { dtype: "float64" }) as AnyTensor)],
  ["groupNorm", ShapeError, ["3", "2"], ({ x }) => groupNorm(x, 2)],
  ["mse", ShapeError, ["[3]", "[2, 3]"], ({ x }) => mse(x, tensor([3], [1, 2, 3]) as AnyTensor)],
  ["crossEntropy", ShapeError, ["[3]", "[2]"], ({ x }) => crossEntropy(x, tensor([3], [0, 1, 1]) as AnyTensor)],
  [
    "nllLoss",
    ShapeError,
    ["weight", "[3]", "[2]"],
    ({ x }) => nllLoss(x, tensor([2], [0, 1]) as AnyTensor, { weight: tensor([2], [1, 1]) as AnyTensor }),
  ],
];

/** Fresh inputs on a tape: x = a·2, x64 = b·2 (a, b leaves requiring grad). */
function inputs(): { i: Inputs; a: AnyTensor; b: AnyTensor } {
  const a = tensor([2, 3], [1, -2, 3, 0.5, 5, -6], { requiresGrad: true }) as AnyTensor;
  const b = tensor([2, 3], [1, -2, 3, 0.5, 5, -6], { dtype: "float64", requiresGrad: true }) as AnyTensor;
  const i = { x: mul(a, 2) as AnyTensor, x64: mul(b, 2) as AnyTensor, empty: zeros([2, 0], { requiresGrad: true }) as AnyTensor };
  return { i, a, b };
}

describe("bad calls throw a clear error and change nothing", () => {
  for (const [op, kind, words, call] of badCalls) {
    it(`${op}: ${words.join(", ")}`, () => {
      const { i, a, b } = inputs();
      const before = [i.x, i.x64, a, b].map((t) => Array.from(t.data));
      let error: unknown;
      try {
        call(i);
      } catch (e) {
        error = e;
      }
      expect(error, `${op} must throw`).toBeInstanceOf(kind);
      const message = (error as Error).message;
      expect(message.startsWith(`${op}: `), message).toBe(true);
      for (const w of words) expect(message, message).toContain(w);
      expect([i.x, i.x64, a, b].map((t) => Array.from(t.data))).toEqual(before);
      for (const t of [a, b, i.empty]) expect(t.grad).toBeNull();
      // the inputs' graphs still work: d(sum(x))/da = 2
      sum(i.x).backward();
      sum(i.x64).backward();
      expect(Array.from(a.grad!.data)).toEqual([2, 2, 2, 2, 2, 2]);
      expect(Array.from(b.grad!.data)).toEqual([2, 2, 2, 2, 2, 2]);
    });
  }
});
