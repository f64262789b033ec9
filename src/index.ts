// The public API of shapeproof: what users build models with, from one import. Internals (message builders,
// kernels' geometry, the PNG font) stay internal; every type that appears in a public signature is exported
// (types/index.ts), so a user's inferred declarations can name it.
export type * from "../types/index.js";
export { DTypeError, ShapeError } from "./errors.js";

// Tensors and the tape.
export {
  type ArrayFor,
  type DTypeOption,
  type ImplicitGradCheck,
  type MultiChannelImage,
  type RandnOptions,
  Tensor,
  fromNested,
  full,
  ones,
  randn,
  tensor,
  zeros,
} from "./tensor/tensor.js";
export * from "./autograd/index.js";
export { shapesAgree } from "./tensor/shapes-agree.js";
export { createRng, type Rng } from "./random.js";

// Runtime twins of the type-level shape formulas.
export * from "./shape/index.js";

// Ops (each records onto the tape), modules and models, training.
export * from "./ops/index.js";
export * from "./nn/index.js";
export * from "./train/index.js";

// Backends.
export { currentBackend, useBackend } from "./backend.js";
export type { KernelBackend } from "./kernels/backend.js";
export { jsBackend } from "./kernels/js-backend.js";
export { type WasmBackend, type WasmBackendOptions, type WinogradUse, createWasmBackend } from "./wasm/index.js";

// Files, data, pictures, the demo.
export * from "./io/index.js";
export * from "./data/index.js";
export { type GrayRange, type ImageStripOptions, type LossCurveOptions, type Panel, imageStripPng, lossCurvePng, tensorPanel } from "./viz/index.js";
export {
  type SegmentationDemoOptions,
  type SegmentationDemoResult,
  runSegmentationDemo,
  segmentationDemoDefaults,
} from "./demo/index.js";
