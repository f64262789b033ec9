// Shape formulas of PyTorch's sliding-window layers, per axis.
export type { ConvOut } from "./conv-out.js";
export type { PoolOut } from "./pool-out.js";
export type { ConvTransposeOut } from "./conv-transpose-out.js";
export type { BroadcastShapes } from "./broadcast.js";

export type { AxisCheck, NormalizeAxis } from "./axis.js";
