// `shapeproof/node`: what needs Node (the file system, paths, the process). Everything else, in Node and in
// browsers alike, is the root entry point `shapeproof` (src/index.ts), which imports no Node built-in.
//
//   import { createUNet2 } from "shapeproof";
//   import { readSafetensors, writeSafetensors } from "shapeproof/node";

// safetensors files by path (the bytes-only `parseSafetensors` / `serializeSafetensors` are in the root entry).
export { readSafetensors, writeSafetensors } from "./io/safetensors-file.js";
// Crash-safe file writes (a temporary name, fsync, rename): for PNGs from `imageStripPng` / `lossCurvePng`, say.
export { type AtomicWriteData, writeFileAtomic } from "./io/atomic-write.js";

// The demo behind `npm run demo` and `shapeproof demo`: trains a UNet2 and writes weights and PNGs to a folder.
export type { DemoPaths } from "./demo/demo-outputs.js";
export type { BackendChoice } from "./demo/kernel-backend.js";
export type { ImageBatch } from "./demo/segmenter.js";
export {
  type SegmentationDemoOptions,
  type SegmentationDemoResult,
  runSegmentationDemo,
  segmentationDemoDefaults,
} from "./demo/segmentation-demo.js";

// The `shapeproof` command, callable in-process: `await runCli(["summary", "--in-c", "3", ...])` returns the exit code.
export { type CliIO, exitCodes, main as runCli } from "./cli.js";
