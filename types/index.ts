// Public types of shapeproof (pure types: this module compiles to nothing).
export type * from "./nat/index.js";
export type * from "./shape/index.js";
export type * from "./messages/index.js";
export type * from "./tensor/index.js";
// The shape-agreement helpers ops are built from.
export type { Agree, CheckAgree, ShapesAgree, OrMessage, AxisName, AxisLabel } from "./ops/common.js";
// Checks every op applies: one dtype across arguments, an upstream gradient of the forward's shape.
export type { DTypeMismatch, NoTensors } from "./ops/messages.js";
export type { DTypeCheck } from "./ops/dtype-check.js";
export type { GradCheck } from "./ops/grad-check.js";
