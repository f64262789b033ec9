/**
 * W7, a child of scripts/bench.ts: certified bounds of UNet2 (inC 1, baseC 8, outC 1, seeded initialisation) on a
 * 1x64x64 synthetic-shapes image over the L∞ ball of radius W7_EPSILON, by IBP and by CROWN (src/bounds), on
 * shapeproof's wasm backend with the given thread count. Prints one JSON line (W7Result). Alone:
 *   tsx scripts/bench/w7.ts 2
 */
import { activateBackend } from "../../src/demo/kernel-backend.js";
import { bounds } from "../../src/bounds/index.js";
import { syntheticShapes } from "../../src/data/synthetic-shapes.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { W7_BASE_C, W7_EPSILON, W7_SIZE, type W7Result } from "./w7-config.js";

const meanWidth = (lower: ArrayLike<number>, upper: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < lower.length; i++) s += upper[i]! - lower[i]!;
  return s / lower.length;
};

const threads = Number(process.argv[2] ?? 2);
const active = await activateBackend("wasm", threads);
const model = createUNet2({ inC: 1, outC: 1, inH: W7_SIZE, inW: W7_SIZE, config: { baseC: W7_BASE_C }, seed: 0 });
const image = syntheticShapes({ n: 1, height: W7_SIZE, width: W7_SIZE, seed: 1 }).images;
const center = Tensor.wrap([1, 1, W7_SIZE, W7_SIZE] as [1, 1, number, number], "float32", image.data.slice());
const forward = (x: Tensor<[1, 1, number, number]>) => model.forward(x);
let t0 = performance.now();
const ibp = bounds(forward, { center, epsilon: W7_EPSILON }, { method: "ibp" });
const ibpSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
const crown = bounds(forward, { center, epsilon: W7_EPSILON }, { method: "crown" });
const crownSeconds = (performance.now() - t0) / 1000;
const unstable = (steps: typeof crown.intermediate): number => {
  let count = 0;
  for (const step of steps) {
    if (!step.op.endsWith("Relu.0")) continue;
    for (let j = 0; j < step.lower.data.length; j++) if (step.lower.data[j]! < 0 && step.upper.data[j]! > 0) count++;
  }
  return count;
};
const result: W7Result = {
  threads,
  backend: active.name,
  ibpSeconds,
  crownSeconds,
  outputs: crown.lower.data.length,
  unstableIbp: unstable(ibp.intermediate),
  unstableCrown: unstable(crown.intermediate),
  meanWidthIbp: meanWidth(ibp.lower.data, ibp.upper.data),
  meanWidthCrown: meanWidth(crown.lower.data, crown.upper.data),
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
console.log(JSON.stringify(result));
active.release();
process.exit(0);
