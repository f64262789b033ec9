// The README's two-layer model, compiled by both compilers (test/ is in tsconfig) and run by readme.test.ts.
import { adam, crossEntropy, Linear, randn, ReLU, sequential, type Tensor, tensor } from "../../src/index.js";

export function trainTwoLayerModel(steps: number): { first: number; last: number } {
  const model = sequential(new Linear(20, 16, { seed: 0 }), new ReLU(), new Linear(16, 5, { seed: 1 }));
  const x = randn([4, 20], { seed: 0 });
  const target = tensor([4], [0, 3, 1, 4]);
  const optimizer = adam(model.parameters(), { lr: 1e-2 });
  let first = Number.NaN;
  let last = Number.NaN;
  for (let step = 0; step < steps; step++) {
    optimizer.zeroGrad();
    const logits: Tensor<[4, 5]> = model.forward(x);
    const loss: Tensor<[]> = crossEntropy(logits, target);
    loss.backward();
    optimizer.step();
    if (step === 0) first = loss.item();
    last = loss.item();
  }
  return { first, last };
}

// A layer that does not fit is a compile error naming the layer and the op:
// "sequential layer 2 (linear): weight axis 1 (in_features) and x's last axis must match: 32 vs 16"
export function mismatched(): void {
  // @ts-expect-error the third layer expects 32 features
  sequential(new Linear(20, 16), new ReLU(), new Linear(32, 5)).forward(randn([4, 20], { seed: 0 }));
}
