// docs/models.md's code, compiled by both compilers and run by models-doc.test.ts.
import {
  adam,
  Conv2d,
  crossEntropy,
  Flatten,
  gelu,
  LayerNorm,
  Linear,
  MaxPool2d,
  Module,
  parseSafetensors,
  randn,
  ReLU,
  sequential,
  serializeSafetensors,
  type Tensor,
  tensor,
} from "../../src/index.js";

export function cnn() {
  return sequential(
    new Conv2d(1, 4, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d({ kernel: 2 }),
    new Conv2d(4, 8, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d({ kernel: 2 }),
    new Flatten(),
    new Linear(72, 10),
  );
}

export function trainCnn(steps: number): { first: number; last: number; roundTrip: boolean } {
  const model = cnn();
  const x = randn([2, 1, 12, 12], { seed: 0 });
  const logits: Tensor<[2, 10]> = model.forward(x);
  const target = tensor([2], [3, 7]);
  const optimizer = adam(model.parameters(), { lr: 1e-2 });
  let first = crossEntropy(logits, target).item();
  let last = first;
  for (let step = 0; step < steps; step++) {
    optimizer.zeroGrad();
    const loss = crossEntropy(model.forward(x), target);
    loss.backward();
    optimizer.step();
    if (step === 0) first = loss.item();
    last = loss.item();
  }
  const copy = cnn();
  copy.loadStateDict(Object.fromEntries(parseSafetensors(serializeSafetensors(model.stateDict())).tensors));
  const same = Array.from(copy.forward(x).data).every((v, i) => v === model.forward(x).data[i]);
  return { first, last, roundTrip: same };
}

export function mismatchedCnn(): void {
  const model = sequential(
    new Conv2d(1, 4, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d({ kernel: 2 }),
    new Conv2d(4, 8, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d({ kernel: 2 }),
    new Flatten(),
    new Linear(64, 10),
  );
  // @ts-expect-error "sequential layer 7 (linear): weight axis 1 (in_features) and x's last axis must match: 64 vs 72"
  model.forward(randn([2, 1, 12, 12], { seed: 0 }));
}

export class FeedForward<E extends number> extends Module {
  readonly up: Linear<E, number>;
  readonly down: Linear<number, E>;
  readonly norm: LayerNorm<[E]>;
  constructor(e: E, hidden: number) {
    super();
    this.up = this.registerModule("up", new Linear(e, hidden));
    this.down = this.registerModule("down", new Linear(hidden, e));
    this.norm = this.registerModule("norm", new LayerNorm([e]));
  }
  forward<B extends number, T extends number>(x: Tensor<[B, T, E]>): Tensor<[B, T, E]> {
    return this.norm.forward(this.down.forward(gelu(this.up.forward(x))));
  }
}
