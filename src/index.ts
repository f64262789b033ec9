// The public API of shapeproof: every runtime value and every public type, from one import.
export type * from "../types/index.js";
export { ShapeError } from "./errors.js";
export { currentBackend, useBackend } from "./backend.js";
export type { KernelBackend } from "./kernels/backend.js";
export { jsBackend } from "./kernels/js-backend.js";
export * from "./tensor/tensor.js";
export { axisLabel, shapesAgree } from "./tensor/shapes-agree.js";
export { createRng, type Rng } from "./random.js";
export * from "./shape/index.js";
export * from "./messages/index.js";
export * from "./ops/index.js";
export * from "./nn/index.js";
export * from "./train/index.js";
export * from "./io/index.js";
export * from "./data/index.js";
export * from "./viz/index.js";
export {
  type SegmentationDemoOptions,
  type SegmentationDemoResult,
  runSegmentationDemo,
  segmentationDemoDefaults,
} from "./demo/index.js";
export { type WasmBackend, type WasmBackendOptions, type WinogradUse, createWasmBackend } from "./wasm/index.js";
