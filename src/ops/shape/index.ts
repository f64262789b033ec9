// Shape ops (PyTorch semantics, recorded on the tape): reshape, view, flatten, unsqueeze, squeeze, transpose,
// permute, narrow, select, cat, stack.
export { cat, type CatShape } from "./cat.js";
export { flatten, flattenShape, type FlattenShape } from "./flatten.js";
export { narrow, narrowPlan, type NarrowPlan, type NarrowShape } from "./narrow.js";
export { permute, permuteAxes, type PermuteShape } from "./permute.js";
export { reshape, reshapeShape, type ReshapeShape, view } from "./reshape.js";
export { select, selectPlan, type SelectPlan, type SelectShape } from "./select.js";
export { squeeze, squeezeShape, type SqueezeShape } from "./squeeze.js";
export { stack, stackShape, type StackShape } from "./stack.js";
export { transpose, transposePermutation, type TransposeShape } from "./transpose.js";
export { unsqueeze, unsqueezeShape, type UnsqueezeShape } from "./unsqueeze.js";
