/**
 * torch.optim.SGD (plain, momentum, dampening + weight decay, nesterov + weight decay), Adam (default, betas/eps/L2)
 * and AdamW (default, betas/eps/decoupled decay), three steps each on an MLP whose MSE loss is recomputed after every
 * step, from PyTorch's state dict, and Adam with the lr changed between steps; and cosineLr against PyTorch's
 * LinearLR → CosineAnnealingLR SequentialLR.
 */
import { describe, expect, it } from "vitest";
import { tanh } from "../../../src/ops/elementwise/tanh.js";
import { Linear } from "../../../src/nn/layers/linear.js";
import { Module } from "../../../src/nn/module.js";
import { adam, adamw, type AdamOptions, cosineLr, mse, type SgdOptions, sgd } from "../../../src/train/index.js";
import { cases, expectClose, type F32, type GoldenTensor, type StateRef, stateDictOf, toTensor } from "./fixtures.js";

interface OptimizerCase {
  readonly optimizer: "sgd" | "adam" | "adamw";
  readonly options: Record<string, number | boolean>;
  /** The lr set before each step (a schedule), when the case changes it. */
  readonly lrPerStep?: number[];
  readonly after: Record<string, GoldenTensor>[];
}

interface OptimizersFixture {
  readonly state: StateRef;
  readonly x: GoldenTensor;
  readonly target: GoldenTensor;
  readonly steps: number;
  readonly cases: OptimizerCase[];
}

interface CosineFixture {
  readonly lr: number;
  readonly total: number;
  readonly warmup: number;
  readonly minLr: number;
  readonly lrs: number[];
}

const fx = cases["optimizers"] as OptimizersFixture;

/** The fixture's MLP: fc2(tanh(fc1(x))), sizes from the state dict. */
class Mlp extends Module {
  readonly fc1: Linear<number, number>;
  readonly fc2: Linear<number, number>;
  constructor(sizes: Record<string, { shape: number[] }>) {
    super();
    const [hidden, inF] = sizes["fc1.weight"]!.shape as [number, number];
    const [outF] = sizes["fc2.weight"]!.shape as [number];
    this.fc1 = this.registerModule("fc1", new Linear(inF, hidden));
    this.fc2 = this.registerModule("fc2", new Linear(hidden, outF));
  }
  run(x: F32): F32 {
    return this.fc2.run(tanh(this.fc1.run(x)));
  }
}

function optimizerFor(c: OptimizerCase, model: Mlp) {
  switch (c.optimizer) {
    case "sgd":
      return sgd(model.parameters(), c.options as unknown as SgdOptions);
    case "adam":
      return adam(model.parameters(), c.options as AdamOptions);
    case "adamw":
      return adamw(model.parameters(), c.options as AdamOptions);
  }
}

describe("optimizers step for step with torch.optim (3 steps, loss recomputed each step)", () => {
  for (const c of fx.cases) {
    it(`${c.optimizer} ${JSON.stringify(c.options)}${c.lrPerStep === undefined ? "" : `, lr per step ${c.lrPerStep.join(", ")}`}`, () => {
      const dict = stateDictOf(fx.state);
      const model = new Mlp(dict);
      model.loadStateDict(dict);
      const opt = optimizerFor(c, model);
      const x = toTensor(fx.x);
      const target = toTensor(fx.target);
      expect(c.after.length).toBe(fx.steps);
      c.after.forEach((want, step) => {
        if (c.lrPerStep !== undefined) opt.lr = c.lrPerStep[step]!;
        opt.zeroGrad();
        mse(model.run(x), target).backward();
        opt.step();
        for (const [name, p] of model.namedParameters()) expectClose(p.data, want[name]!, `step ${step + 1}: ${name}`);
      });
    });
  }
});

describe("cosineLr is PyTorch's SequentialLR(LinearLR(1/warmup → 1 over warmup − 1 steps), CosineAnnealingLR(total − warmup, minLr))", () => {
  it("the lr at every step of the schedule", () => {
    const s = cases["cosineLr"] as CosineFixture;
    const got = s.lrs.map((_, step) => cosineLr(step, { lr: s.lr, total: s.total, warmup: s.warmup, minLr: s.minLr }));
    expectClose(got, s.lrs, "lr", 1e-9, 1e-9);
  });
});
