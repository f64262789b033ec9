/**
 * `npm run example:certify-segmentation [-- --steps N]`: which pixels of a segmentation are certified.
 *
 * Trains the demo's segmenter exactly as `npm run demo` does (src/demo: a UNet2 from one grayscale channel to one
 * foreground logit per pixel, 48x48, baseC 8, 600 steps on the synthetic shapes, the wasm backend on one thread:
 * segmentationDemoDefaults), then takes a held-out image, the L∞ ball of radius ε around it, and bounds every
 * pixel's logit over the whole ball with IBP and with CROWN. A pixel is certified when its logit keeps one sign
 * (lower > 0: foreground, upper < 0: background) for every float32 input in the ball. Writes
 * out/examples/certify-segmentation/certified.png: the image, the prediction, and the certified pixels by IBP
 * (panel "1") and by CROWN (panel "2"): white foreground, black background, gray not certified.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { noGrad } from "../src/autograd/grad-mode.js";
import { bounds } from "../src/bounds/index.js";
import { syntheticShapes } from "../src/data/synthetic-shapes.js";
import { segmentationDemoDefaults as demo } from "../src/demo/segmentation-demo.js";
import { createSegmenter } from "../src/demo/segmenter.js";
import { trainSegmenter } from "../src/demo/train-segmenter.js";
import { Tensor } from "../src/tensor/tensor.js";
import { imageStripPng } from "../src/viz/image-strip.js";
import { isMain, parseFlags, withBackend } from "./lib/common.js";

export interface CertifySegmentationOptions {
  readonly size?: number;
  readonly baseC?: number;
  readonly steps?: number;
  readonly epsilon?: number;
  readonly seed?: number;
  readonly outDir?: string;
  readonly log?: (line: string) => void;
}

export async function run(options: CertifySegmentationOptions = {}): Promise<{ ibp: number; crown: number; png: string }> {
  const size = options.size ?? demo.size;
  const baseC = options.baseC ?? demo.baseC;
  const steps = options.steps ?? demo.steps;
  const epsilon = options.epsilon ?? 0.01;
  const seed = options.seed ?? demo.seed;
  const outDir = options.outDir ?? "out/examples/certify-segmentation";
  const log = options.log ?? ((line: string) => console.log(line));
  const model = createSegmenter(size, baseC, seed);
  const train = syntheticShapes({ n: demo.trainImages, height: size, width: size, seed });
  const test = syntheticShapes({ n: 1, height: size, width: size, seed: seed + 1 });
  return withBackend(demo.backend, demo.threads, log, async (active) => {
    log(`certify-segmentation: UNet2 baseC ${baseC} at ${size}x${size}, ${steps} steps on ${active.name}`);
    trainSegmenter(model, train.images, train.masks, { steps, batchSize: demo.batchSize, lr: demo.lr, seed });
    const image = Tensor.wrap([1, 1, size, size] as [1, 1, number, number], "float32", test.images.data.slice());
    const logits = noGrad(() => model.forward(image)).data;
    const forward = (x: Tensor<[1, 1, number, number]>) => model.forward(x);
    const certifiedMap = (lower: Float64Array, upper: Float64Array) => Float32Array.from(lower, (l, i) => (l > 0 ? 1 : upper[i]! < 0 ? 0 : 0.5));
    const count = (m: Float32Array) => m.reduce((s, v) => s + (v !== 0.5 ? 1 : 0), 0) / m.length;
    let t = performance.now();
    const ibp = bounds(forward, { center: image, epsilon }, { method: "ibp" });
    const ibpMap = certifiedMap(ibp.lower.data, ibp.upper.data);
    log(`IBP: ${(100 * count(ibpMap)).toFixed(1)}% of pixels certified at ε ${epsilon} (${((performance.now() - t) / 1000).toFixed(2)} s)`);
    t = performance.now();
    const crown = bounds(forward, { center: image, epsilon }, { method: "crown" });
    const crownMap = certifiedMap(crown.lower.data, crown.upper.data);
    log(`CROWN: ${(100 * count(crownMap)).toFixed(1)}% of pixels certified at ε ${epsilon} (${((performance.now() - t) / 1000).toFixed(2)} s)`);
    const panel = (data: ArrayLike<number>) => ({ data, height: size, width: size, range: "unit" as const });
    const png = imageStripPng([panel(test.images.data), panel(Float32Array.from(logits, (v) => (v > 0 ? 1 : 0))), panel(ibpMap), panel(crownMap)], {
      scale: Math.max(1, Math.round(96 / size)),
      labels: ["input", "predicted", "1", "2"],
    });
    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, "certified.png");
    writeFileSync(path, png);
    log(`wrote ${path} (input, prediction, certified by IBP = panel 1 and by CROWN = panel 2)`);
    return { ibp: count(ibpMap), crown: count(crownMap), png: path };
  });
}

if (isMain(import.meta.url)) {
  const flags = parseFlags(process.argv.slice(2));
  await run(flags.steps === undefined ? {} : { steps: flags.steps });
}
