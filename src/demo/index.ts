export { type BackendChoice, type ActiveBackend, activateBackend, backendChoices } from "./kernel-backend.js";
export { type DemoOutputs, type DemoPaths, windowMeans, writeDemoOutputs } from "./demo-outputs.js";
export { type ImageBatch, type Segmenter, createSegmenter, predictLogits } from "./segmenter.js";
export {
  type SegmentationDemoOptions,
  type SegmentationDemoResult,
  runSegmentationDemo,
  segmentationDemoDefaults,
} from "./segmentation-demo.js";
export { type TrainSegmenterOptions, trainSegmenter } from "./train-segmenter.js";
