import { describe, expect, it } from "vitest";
import { type ClassTargetShape, type LossResult, bceWithLogits, crossEntropy, dice, mse, type Reduction } from "../../src/train/index.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import { ShapeError } from "../../src/errors.js";
import { createRng } from "../../src/random.js";
import { expectClose, loadGolden } from "../helpers/golden.js";
import { finiteDifferenceError, fromGolden, uniform } from "./helpers.js";

const cases = loadGolden("losses.json");

describe("losses match PyTorch (golden losses.json)", () => {
  it("has the three losses", () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(["bceWithLogits", "crossEntropy", "mse"]));
  });
  for (const dtype of ["float32", "float64"] as const) {
    for (const c of cases) {
      it(`${c.name} (${dtype})`, () => {
        const reduction = c.params["reduction"] as Reduction;
        let result: LossResult<number[], typeof dtype>;
        let gradName: string;
        switch (c.op) {
          case "bceWithLogits":
            gradName = "logits";
            result = bceWithLogits(fromGolden(c.inputs["logits"]!, dtype), fromGolden(c.inputs["target"]!, dtype), { reduction });
            break;
          case "crossEntropy":
            gradName = "logits";
            expect(c.params["classAxis"]).toBe(0);
            result = crossEntropy(fromGolden(c.inputs["logits"]!, dtype), fromGolden(c.inputs["target"]!, dtype), { reduction });
            break;
          case "mse":
            gradName = "pred";
            result = mse(fromGolden(c.inputs["pred"]!, dtype), fromGolden(c.inputs["target"]!, dtype), { reduction });
            break;
          default:
            throw new Error(`unknown golden loss op ${c.op}`);
        }
        expectClose([result.loss], c.output!, `${c.name} loss`);
        const wantGrad = c.grads![gradName]!;
        expect(result.grad.shape).toEqual(wantGrad.shape);
        expect(result.grad.dtype).toBe(dtype);
        expectClose(result.grad.data, wantGrad, `${c.name} grad`);
      });
    }
  }
});

type Loss = (x: Tensor<number[], "float64">, reduction: Reduction) => LossResult<number[], "float64">;

describe("loss gradients agree with float64 finite differences", () => {
  const shapes: number[][] = [
    [2, 3, 4, 5],
    [3, 4, 4],
  ];
  const binaryTarget = (shape: number[], seed: number): Tensor<number[], "float64"> => {
    const rng = createRng(seed);
    const size = shape.reduce((a, b) => a * b, 1);
    return tensor<number[], "float64">(shape, Array.from({ length: size }, () => (rng.uniform() < 0.4 ? 1 : 0)), { dtype: "float64" });
  };
  const losses: Record<string, (shape: number[]) => Loss> = {
    bceWithLogits: (shape) => {
      const t = binaryTarget(shape, 11);
      return (x, reduction) => bceWithLogits(x, t, { reduction });
    },
    mse: (shape) => {
      const t = uniform(shape, 12, -1, 1, "float64");
      return (x, reduction) => mse(x, t, { reduction });
    },
    dice: (shape) => {
      const t = binaryTarget(shape, 13);
      return (x, reduction) => dice(x, t, { reduction });
    },
    "dice smooth 0.1": (shape) => {
      const t = binaryTarget(shape, 14);
      return (x, reduction) => dice(x, t, { reduction, smooth: 0.1 });
    },
    crossEntropy: (shape) => {
      const c = shape.length === 4 ? shape[1]! : shape[0]!;
      const tShape = shape.length === 4 ? [shape[0]!, shape[2]!, shape[3]!] : shape.slice(1);
      const rng = createRng(15);
      const t = tensor<number[], "float64">(
        tShape,
        Array.from({ length: tShape.reduce((a, b) => a * b, 1) }, () => rng.int(c)),
        { dtype: "float64" },
      );
      return (x, reduction) => crossEntropy(x, t, { reduction });
    },
  };
  for (const [name, make] of Object.entries(losses)) {
    for (const shape of shapes) {
      for (const reduction of ["mean", "sum"] as const) {
        it(`${name} [${shape.join(", ")}] ${reduction}`, () => {
          const loss = make(shape);
          const x = uniform(shape, 21, -3, 3, "float64");
          const { grad } = loss(x, reduction);
          const err = finiteDifferenceError(() => loss(x, reduction).loss, x.data, grad.data);
          expect(err).toBeLessThan(1e-6);
        });
      }
    }
  }
  it("sum is mean times the element count (bce, mse) / pixel count (crossEntropy) / batch (dice)", () => {
    const x = uniform([2, 3, 4, 5], 3, -2, 2, "float64");
    const t = uniform([2, 3, 4, 5], 4, 0, 1, "float64");
    for (const f of [bceWithLogits, mse] as const) {
      expect(f(x, t, { reduction: "sum" }).loss).toBeCloseTo(f(x, t).loss * 120, 9);
    }
    expect(dice(x, t, { reduction: "sum" }).loss).toBeCloseTo(dice(x, t).loss * 2, 12);
    const k = tensor([2, 4, 5], Array.from({ length: 40 }, (_, i) => i % 3), { dtype: "float64" });
    expect(crossEntropy(x, k, { reduction: "sum" }).loss).toBeCloseTo(crossEntropy(x, k).loss * 40, 9);
  });
});

describe("bceWithLogits", () => {
  it("is stable for large logits", () => {
    const x = tensor([4], [1000, -1000, 1000, -1000], { dtype: "float64" });
    const t = tensor([4], [0, 1, 1, 0], { dtype: "float64" });
    const { loss, grad } = bceWithLogits(x, t, { reduction: "sum" });
    expect(loss).toBeCloseTo(2000, 9);
    expect(Array.from(grad.data)).toEqual([1, -1, 0, 0]);
  });
  it("matches the textbook formula for moderate logits", () => {
    const x = uniform([10], 5, -4, 4, "float64");
    const t = uniform([10], 6, 0, 1, "float64");
    let want = 0;
    for (let i = 0; i < 10; i++) {
      const p = 1 / (1 + Math.exp(-x.data[i]!));
      want -= t.data[i]! * Math.log(p) + (1 - t.data[i]!) * Math.log(1 - p);
    }
    expect(bceWithLogits(x, t).loss).toBeCloseTo(want / 10, 12);
  });
});

describe("crossEntropy", () => {
  it("batched (N, C, H, W) equals the mean of its (C, H, W) slices", () => {
    const x = uniform([2, 3, 2, 2], 7, -2, 2, "float64");
    const t = tensor([2, 2, 2], [0, 1, 2, 1, 2, 2, 0, 0], { dtype: "float64" });
    const whole = crossEntropy(x, t);
    const parts = [0, 1].map((b) =>
      crossEntropy(tensor([3, 2, 2], x.data.subarray(b * 12, b * 12 + 12), { dtype: "float64" }), tensor([2, 2], t.data.subarray(b * 4, b * 4 + 4), { dtype: "float64" })),
    );
    expect(whole.loss).toBeCloseTo((parts[0]!.loss + parts[1]!.loss) / 2, 12);
    expectClose(whole.grad.data.subarray(0, 12), Array.from(parts[0]!.grad.data, (g) => g / 2), "grad slice 0", 1e-12, 0);
  });
  it("is stable for huge logits", () => {
    const x = tensor([2, 1, 1], [1000, -1000], { dtype: "float64" });
    expect(crossEntropy(x, tensor([1, 1], [1], { dtype: "float64" })).loss).toBeCloseTo(2000, 9);
    expect(crossEntropy(x, tensor([1, 1], [0], { dtype: "float64" })).loss).toBe(0);
  });
  it("rejects class targets that are not integers in [0, C)", () => {
    const x = zerosLike([3, 2, 2]);
    for (const bad of [3, -1, 0.5, NaN]) {
      expect(() => crossEntropy(x, tensor([2, 2], [0, 1, bad, 2]))).toThrow(/crossEntropy: target\[2\] is .* integers in \[0, 3\)/);
    }
  });
  it("rejects logits that are not rank 3 or 4 with the sentence tsc shows for literal shapes", () => {
    const compileTime: ClassTargetShape<[3, 4]> = "crossEntropy: logits must have shape (C, H, W) or (N, C, H, W), got [3, 4]";
    expect(() => crossEntropy(zerosLike([3, 4]), zerosLike([4]))).toThrow(new ShapeError(compileTime));
  });
});

describe("dice", () => {
  it("follows 1 − (2Σpt + smooth)/(Σp + Σt + smooth) per sample, averaged over the batch", () => {
    const x = uniform([2, 1, 3, 3], 8, -3, 3, "float64");
    const t = uniform([2, 1, 3, 3], 9, 0, 1, "float64");
    const perSample = [0, 1].map((s) => {
      let inter = 0;
      let sp = 0;
      let st = 0;
      for (let i = s * 9; i < s * 9 + 9; i++) {
        const p = 1 / (1 + Math.exp(-x.data[i]!));
        inter += p * t.data[i]!;
        sp += p;
        st += t.data[i]!;
      }
      return 1 - (2 * inter + 0.5) / (sp + st + 0.5);
    });
    expect(dice(x, t, { smooth: 0.5 }).loss).toBeCloseTo((perSample[0]! + perSample[1]!) / 2, 12);
    expect(dice(x, t, { smooth: 0.5, reduction: "sum" }).loss).toBeCloseTo(perSample[0]! + perSample[1]!, 12);
  });
  it("is near 0 for a confident correct prediction and near 1 for a confident wrong one", () => {
    const t = tensor([1, 1, 2, 2], [1, 0, 0, 1], { dtype: "float64" });
    const right = tensor([1, 1, 2, 2], [20, -20, -20, 20], { dtype: "float64" });
    const wrong = tensor([1, 1, 2, 2], [-20, 20, 20, -20], { dtype: "float64" });
    expect(dice(right, t).loss).toBeLessThan(1e-6);
    expect(dice(wrong, t, { smooth: 0 }).loss).toBeGreaterThan(1 - 1e-6);
  });
});

describe("float32 matches float64", () => {
  it("for every loss", () => {
    const x64 = uniform([2, 3, 4, 4], 31, -3, 3, "float64");
    const t64 = uniform([2, 3, 4, 4], 32, 0, 1, "float64");
    const x32 = tensor([2, 3, 4, 4], x64.data);
    const t32 = tensor([2, 3, 4, 4], t64.data);
    for (const f of [bceWithLogits, mse, dice] as const) {
      const a = f(x32, t32);
      const b = f(x64, t64);
      expect(a.grad.dtype).toBe("float32");
      expect(a.grad.data).toBeInstanceOf(Float32Array);
      expect(a.loss).toBeCloseTo(b.loss, 5);
      expectClose(a.grad.data, b.grad.data, `${f.name} grad`, 1e-6, 1e-5);
    }
  });
});

describe("shape errors name the loss, the argument and both shapes", () => {
  const x = zerosLike([1, 5, 6]);
  const wrong = zerosLike([1, 5, 7]);
  it.each([
    ["bceWithLogits", () => bceWithLogits(x, wrong), /^bceWithLogits: target shape \[1, 5, 7\] does not match logits shape \[1, 5, 6\]$/],
    ["mse", () => mse(x, wrong), /^mse: target shape \[1, 5, 7\] does not match pred shape \[1, 5, 6\]$/],
    ["dice", () => dice(x, wrong), /^dice: target shape \[1, 5, 7\] does not match logits shape \[1, 5, 6\]$/],
    ["crossEntropy", () => crossEntropy(x, zerosLike([5, 7])), /^crossEntropy: target shape \[5, 7\] does not match logits \(minus the class axis\) shape \[5, 6\]$/],
  ])("%s", (_name, call, message) => {
    let caught: unknown;
    try {
      call();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ShapeError);
    expect((caught as Error).message).toMatch(message);
  });
  it("tsc shows the run time's sentence as the target's parameter type, for literal shapes", () => {
    // Each constant's type is the target parameter's type for those literal shapes: the sentence itself.
    const bce: Parameters<typeof bceWithLogits<[1, 5, 6], "float32", [1, 5, 7]>>[1] = "bceWithLogits: target shape [1, 5, 7] does not match logits shape [1, 5, 6]";
    const sq: Parameters<typeof mse<[1, 5, 6], "float32", [1, 5]>>[1] = "mse: target shape [1, 5] does not match pred shape [1, 5, 6]";
    const dc: Parameters<typeof dice<[2, 1, 4, 4], "float32", [2, 1, 4, 5]>>[1] = "dice: target shape [2, 1, 4, 5] does not match logits shape [2, 1, 4, 4]";
    const ce: Parameters<typeof crossEntropy<[2, 3, 4, 4], "float32", [2, 4, 5]>>[1] =
      "crossEntropy: target shape [2, 4, 5] does not match logits (minus the class axis) shape [2, 4, 4]";
    expect(() => bceWithLogits(zerosLike([1, 5, 6]), zerosLike([1, 5, 7]))).toThrow(new ShapeError(bce));
    expect(() => mse(zerosLike([1, 5, 6]), zerosLike([1, 5]))).toThrow(new ShapeError(sq));
    expect(() => dice(zerosLike([2, 1, 4, 4]), zerosLike([2, 1, 4, 5]))).toThrow(new ShapeError(dc));
    expect(() => crossEntropy(zerosLike([2, 3, 4, 4]), zerosLike([2, 4, 5]))).toThrow(new ShapeError(ce));
  });
  it("crossEntropy on a batch checks N as well", () => {
    expect(() => crossEntropy(zerosLike([2, 3, 4, 4]), zerosLike([3, 4, 4]))).toThrow(/target shape \[3, 4, 4\] does not match .* \[2, 4, 4\]/);
  });
  it("rejects an unknown reduction", () => {
    expect(() => mse(x, x, { reduction: "none" as Reduction })).toThrow(/mse: reduction must be "mean" or "sum", got "none"/);
  });
});

function zerosLike(shape: number[]): Tensor<number[]> {
  return tensor<number[]>(shape, new Float32Array(shape.reduce((a, b) => a * b, 1)));
}
