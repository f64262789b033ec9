/**
 * `npm run example:lenet5`: LeNet-5 ported from PyTorch, line for line.
 *
 *   class LeNet5(nn.Module):
 *       def __init__(self):
 *           super().__init__()
 *           self.conv1 = nn.Conv2d(1, 6, 5, padding=2)   # (B, 6, 28, 28)
 *           self.conv2 = nn.Conv2d(6, 16, 5)             # (B, 16, 10, 10)
 *           self.fc1 = nn.Linear(16 * 5 * 5, 120)
 *           self.fc2 = nn.Linear(120, 84)
 *           self.fc3 = nn.Linear(84, 10)
 *       def forward(self, x):                            # x: (B, 1, 28, 28)
 *           x = F.avg_pool2d(torch.tanh(self.conv1(x)), 2)   # (B, 6, 14, 14)
 *           x = F.avg_pool2d(torch.tanh(self.conv2(x)), 2)   # (B, 16, 5, 5)
 *           x = torch.flatten(x, 1)                          # (B, 400)
 *           x = torch.tanh(self.fc1(x))
 *           x = torch.tanh(self.fc2(x))
 *           return self.fc3(x)                               # (B, 10)
 *
 * Every intermediate shape below is inferred by tsc; the annotations are checked, not trusted.
 */
import {
  AvgPool2d,
  Conv2d,
  Flatten,
  Linear,
  Module,
  Tanh,
  type Tensor,
  avgPool2d,
  crossEntropy,
  flatten,
  manualSeed,
  randn,
  sequential,
  sgd,
  tanh,
  tensor,
} from "../src/index.js";

/** The nn.Module way: layers registered under PyTorch's names, forward written with functional ops. */
export class LeNet5 extends Module {
  readonly conv1 = this.registerModule("conv1", new Conv2d(1, 6, 5, { padding: 2 }));
  readonly conv2 = this.registerModule("conv2", new Conv2d(6, 16, 5));
  // 400, not `16 * 5 * 5`: TypeScript types an arithmetic expression as `number`, so that layer would be checked at run time only.
  readonly fc1 = this.registerModule("fc1", new Linear(400, 120));
  readonly fc2 = this.registerModule("fc2", new Linear(120, 84));
  readonly fc3 = this.registerModule("fc3", new Linear(84, 10));

  forward<B extends number>(x: Tensor<[B, 1, 28, 28]>): Tensor<[B, 10]> {
    const a: Tensor<[B, 6, 14, 14]> = avgPool2d(tanh(this.conv1.forward(x)), { kernel: 2 });
    const b: Tensor<[B, 16, 5, 5]> = avgPool2d(tanh(this.conv2.forward(a)), { kernel: 2 });
    const c: Tensor<[B, 400]> = flatten(b, 1);
    const d: Tensor<[B, 120]> = tanh(this.fc1.forward(c));
    return this.fc3.forward(tanh(this.fc2.forward(d)));
  }
}

/** The nn.Sequential way: the same network, its output shape folded through all eleven layers by tsc. */
export function lenet5Sequential() {
  return sequential(
    new Conv2d(1, 6, 5, { padding: 2 }),
    new Tanh(),
    new AvgPool2d({ kernel: 2 }),
    new Conv2d(6, 16, 5),
    new Tanh(),
    new AvgPool2d({ kernel: 2 }),
    new Flatten(),
    new Linear(400, 120),
    new Tanh(),
    new Linear(120, 84),
    new Tanh(),
    new Linear(84, 10),
  );
  // The deliberate mistake (16 * 4 * 4 where 16 * 5 * 5 flows in), here as `new Linear(256, 120),`; tsc reports it
  // at the call `seq.forward(x)` in runPort, not at this line:
  // error TS2345: Argument of type 'Tensor<[8, 1, 28, 28], "float32">' is not assignable to parameter of type
  // 'Tensor<[8, 1, 28, 28], "float32"> & "sequential layer 7 (linear): weight axis 1 (in_features) and x's last axis must match: 256 vs 400"'.
  // The same mistake in LeNet5 (`new Linear(256, 120)` as fc1) is reported at `this.fc1.forward(c)`:
  // error TS2345: Argument of type 'Tensor<[B, 400], "float32">' is not assignable to parameter of type
  // 'Tensor<[B, 400], "float32"> & "linear: weight axis 1 (in_features) and x's last axis must match: 256 vs 400"'.
}

export interface PortRun {
  readonly moduleShape: readonly number[];
  readonly sequentialShape: readonly number[];
  readonly sameOutputs: boolean;
  readonly losses: number[];
}

/** Both ports on one batch: shapes, equal outputs once the weights are shared, and a few SGD steps. */
export function runPort(steps = 20): PortRun {
  manualSeed(0);
  const net = new LeNet5();
  const seq = lenet5Sequential();
  // The two have different state-dict names (conv1.weight vs 0.weight): copy by position, as a user porting weights would.
  const seqParams = seq.stateDict();
  const names = Object.keys(seqParams);
  seq.loadStateDict(Object.fromEntries(net.parameters().map((p, i) => [names[i] ?? "", p])));

  const x = randn([8, 1, 28, 28], { seed: 1 });
  const y1: Tensor<[8, 10]> = net.forward(x);
  const y2: Tensor<[8, 10]> = seq.forward(x);
  const sameOutputs = y1.data.every((v, i) => v === y2.data[i]);

  const labels = tensor([8], [0, 1, 2, 3, 4, 5, 6, 7]);
  const optimizer = sgd(net.parameters(), { lr: 0.1, momentum: 0.9 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    optimizer.zeroGrad();
    const loss = crossEntropy(net.forward(x), labels);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return { moduleShape: y1.shape, sequentialShape: y2.shape, sameOutputs, losses };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = runPort();
  console.log(`LeNet5 module: ${JSON.stringify(r.moduleShape)}, sequential: ${JSON.stringify(r.sequentialShape)}, same outputs: ${r.sameOutputs}`);
  console.log(`loss ${r.losses[0]?.toFixed(4)} → ${r.losses[r.losses.length - 1]?.toFixed(4)}`);
}
