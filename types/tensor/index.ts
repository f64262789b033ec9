// Tensor shapes, their validation and the messages of tensors and ops.
export type { Shape, DType, Rank, NestedShape, NestedLeaf } from "./shape.js";
export type { ValidShape } from "./valid-shape.js";
export type { DataLengthMismatch, AxisMismatch, AxisOutOfRange, BadRank, CannotBroadcast, EmptyTensor } from "./messages.js";
export type { ShapeText } from "./shape-text.js";
