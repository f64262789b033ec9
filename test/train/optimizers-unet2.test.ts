// Optimizers over a real model: UNet2's params and the UNet2Grads its backward returns, typed and at run time.
import { describe, expect, it } from "vitest";
import { syntheticShapes } from "../../src/data/synthetic-shapes.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { adam, adamw, bceWithLogits, sgd } from "../../src/train/index.js";

const data = syntheticShapes({ n: 4, height: 8, width: 8, seed: 11 });

function fresh() {
  return createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: { baseC: 2 }, seed: 4 });
}
type Model = ReturnType<typeof fresh>;

function lossAndGrads(model: Model) {
  const { output, trace } = model.forwardTraced(data.images);
  const logits = output.detach().requireGrad();
  const loss = bceWithLogits(logits, data.masks);
  loss.backward();
  return { loss: loss.item(), grads: model.backward(data.images, logits.grad!, { trace }).grads };
}

const optimizers = {
  "sgd (momentum, weight decay, nesterov)": (m: Model) => sgd(m.params, { lr: 0.05, momentum: 0.9, weightDecay: 1e-4, nesterov: true }),
  adam: (m: Model) => adam(m.params, { lr: 0.05 }),
  adamw: (m: Model) => adamw(m.params, { lr: 0.05, weightDecay: 0.01 }),
};

describe("optimizers step a UNet2 with its UNet2Grads", () => {
  for (const [name, make] of Object.entries(optimizers)) {
    it(`${name}: updates every parameter in place and lowers the loss on a fixed batch`, () => {
      const model = fresh();
      const optimizer = make(model);
      const before = Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.data.slice()]));
      const first = lossAndGrads(model);
      let last = first.loss;
      optimizer.step(first.grads);
      for (const [k, t] of Object.entries(model.stateDict())) expect(Array.from(t.data), k).not.toEqual(Array.from(before[k]!));
      for (let i = 0; i < 20; i++) {
        const { loss, grads } = lossAndGrads(model);
        last = loss;
        optimizer.step(grads);
      }
      expect(last).toBeLessThan(first.loss * 0.9);
    });
  }

  it("rejects another model's gradients, naming the parameter and both shapes", () => {
    const model = fresh();
    const other = createUNet2({ inC: 1, outC: 1, inH: 8, inW: 8, config: { baseC: 3 } });
    const { output } = other.forwardTraced(data.images);
    const logits = output.detach().requireGrad();
    bceWithLogits(logits, data.masks).backward();
    const { grads } = other.backward(data.images, logits.grad!);
    const optimizer = adam(model.params);
    // tsc rejects these gradients (baseC 3 is not baseC 2); the cast stands for a caller with `number` sizes,
    // where only the run-time check can tell.
    expect(() => optimizer.step(grads as unknown as Parameters<typeof optimizer.step>[0])).toThrow(
      'adam.step: gradient "down1_1.weight" has shape [3, 1, 3, 3] (27 elements) but the parameter has shape [2, 1, 3, 3] (18 elements)',
    );
  });
});
