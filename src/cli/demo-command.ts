import { backendChoices } from "../demo/kernel-backend.js";
import { type SegmentationDemoOptions, runSegmentationDemo, segmentationDemoDefaults as d } from "../demo/segmentation-demo.js";
import { choiceFlag, intFlag, numberFlag, parseCommand } from "./args.js";
import { type CliIO, exitCodes } from "./cli-io.js";

export const demoUsage = `Usage: shapeproof demo [--out DIR] [--steps N] [--size N] [...]

Trains a UNet2 on a seeded synthetic segmentation set (ellipses and rectangles on noise), reports the
held-out IoU and writes DIR/unet2-segmenter.safetensors, DIR/loss-curve.png and DIR/heldout-K.png
(input | truth | prediction). Exit code 1 when the IoU misses --target.

  --out DIR            output directory (default ${d.outDir})
  --steps N            optimizer steps (default ${d.steps})
  --size N             image height and width, even (default ${d.size})
  --base-c N           U-Net base channels (default ${d.baseC})
  --batch N            images per step (default ${d.batchSize})
  --train-images N     training set size (default ${d.trainImages})
  --test-images N      held-out set size (default ${d.testImages})
  --strips N           held-out images drawn (default ${d.strips})
  --lr X               Adam peak learning rate (default ${d.lr})
  --seed N             data, initial weights and batch order (default ${d.seed})
  --target X           held-out IoU to reach (default ${d.targetIoU})
  --backend wasm|js    kernels (default ${d.backend}; falls back to js without WebAssembly SIMD)
  --threads N          wasm threads (default ${d.threads})`;

const valueFlags = ["out", "steps", "size", "base-c", "batch", "train-images", "test-images", "strips", "lr", "seed", "target", "backend", "threads"];

/** `shapeproof demo`: runs src/demo/segmentation-demo.ts with the flags as options. */
export async function demoCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const command = "demo";
  const { flags, help } = parseCommand({ command, valueFlags, positionals: [] }, argv);
  if (help) {
    io.stdout.write(`${demoUsage}\n`);
    return exitCodes.ok;
  }
  const int = (flag: string, min: number, max?: number): number | undefined => intFlag(command, flags, flag, min, max);
  const options: SegmentationDemoOptions = {
    outDir: flags.get("out"),
    steps: int("steps", 1),
    size: int("size", 2, 4096),
    baseC: int("base-c", 1, 256),
    batchSize: int("batch", 1),
    trainImages: int("train-images", 1),
    testImages: int("test-images", 1),
    strips: int("strips", 0),
    lr: numberFlag(command, flags, "lr", Number.MIN_VALUE, 10),
    seed: int("seed", 0),
    targetIoU: numberFlag(command, flags, "target", 0, 1),
    backend: choiceFlag(command, flags, "backend", backendChoices),
    threads: int("threads", 1, 64),
    progress: io.stderr,
    log: (line) => io.stdout.write(`${line}\n`),
  };
  const result = await runSegmentationDemo(options);
  if (result.passed) return exitCodes.ok;
  io.stderr.write(`shapeproof demo: held-out IoU ${result.iou.toFixed(4)} is below the target ${result.targetIoU}\n`);
  return exitCodes.failure;
}
