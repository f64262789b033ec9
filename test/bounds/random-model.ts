import type { Shape } from "../../types/tensor/shape.js";
import { createBatchNorm2d } from "../../src/ops/index.js";
import { createRng, type Rng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import type { BoundsCase } from "./points.js";
import { ops, type T } from "./untyped.js";

const param = (r: Rng, shape: readonly number[], scale: number): T =>
  Tensor.wrap(
    shape as Shape,
    "float32",
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.fround(r.normal() * scale)),
  );

/**
 * A random small image model mixing the supported ops, with a linear head of 3 outputs; `layers` is its recipe
 * (for the test's name). Every layer keeps the batch axis so points run in batches.
 */
export function randomModel(seed: number, keep = Number.POSITIVE_INFINITY): BoundsCase & { layers: string } {
  const r = createRng(seed);
  let c = 2;
  let h = 6;
  const steps: ((x: T) => T)[] = [];
  const names: string[] = [];
  const act = (): ((x: T) => T) => {
    const k = r.int(4);
    names.push(["relu", "leakyRelu", "sigmoid", "tanh"][k]!);
    return [ops.relu, (x: T) => ops.leakyRelu(x, { negativeSlope: 0.2 }), ops.sigmoid, ops.tanh][k]!;
  };
  for (let layer = 0; layer < 4; layer++) {
    const kind = r.int(6);
    if (kind === 0 || (kind === 1 && h < 4)) {
      const out = 2 + r.int(3);
      const w = param(r, [out, c, 3, 3], 0.5);
      const b = param(r, [out], 0.1);
      steps.push((x) => ops.conv2d(x, w, b, { padding: 1 }));
      names.push("conv3x3");
      c = out;
      steps.push(act());
    } else if (kind === 1) {
      steps.push(r.int(2) === 0 ? (x) => ops.maxPool2d(x, { kernel: 2, stride: 2 }) : (x) => ops.avgPool2d(x, { kernel: 2 }));
      names.push("pool");
      h = Math.floor(h / 2);
    } else if (kind === 2) {
      const w = param(r, [c, c, 3, 3], 0.4);
      steps.push((x) => ops.add(x, ops.relu(ops.conv2d(x, w, null, { padding: 1 }))));
      names.push("residual");
    } else if (kind === 3) {
      const w = param(r, [c, c, 2, 2], 0.5);
      const w2 = param(r, [c, 2 * c, 1, 1], 0.5);
      steps.push((x) =>
        ops.conv2d(ops.concat([x, ops.convTranspose2d(ops.maxPool2d(x, { kernel: 2, stride: 2 }), w, null, { stride: 2 })], 1), w2, null),
      );
      names.push("pool-upT-concat");
      if (h % 2 === 1) return randomModel(seed + 1000); // the skip needs an even size
    } else if (kind === 4) {
      const s = createBatchNorm2d(c);
      for (const t of [s.weight, s.bias, s.runningMean])
        t.data.forEach((_, i) => {
          t.data[i] = Math.fround(r.normal() * 0.5);
        });
      s.runningVar.data.forEach((_, i) => {
        s.runningVar.data[i] = Math.fround(0.5 + r.uniform());
      });
      steps.push((x) => ops.batchNorm2d(x, s));
      names.push("batchNorm2d");
      steps.push(act());
    } else {
      const mode = r.int(2) === 0 ? "nearest" : "bilinear";
      const size = h;
      steps.push((x) => ops.centerCrop(ops.interpolate(x, { scaleFactor: 2, mode }), [size, size]));
      names.push("interpolate-crop");
    }
  }
  const head = param(r, [3, c * h * h], 0.3);
  return {
    name: `random model ${seed}`,
    layers: names.join(" → "),
    inputShape: [1, 2, 6, 6],
    forward: (x) =>
      ops.linear(
        ops.flatten(
          steps.slice(0, keep).reduce((v, f) => f(v), x),
          1,
        ),
        head,
      ),
  };
}
