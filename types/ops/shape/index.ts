// Type-level shape rules of the shape ops (src/ops/shape), and their messages.
export type { CatDimCheck, CatShape } from "./cat.js";
export type { AllNumbers, InsertAt, NewAxisCheck, NormalizeNewAxis, Product, RemoveAt, ReplaceAt, WrapRank } from "./common.js";
export type { FlattenEndCheck, FlattenShape } from "./flatten.js";
export type * from "./messages.js";
export type { NarrowLengthCheck, NarrowShape, NarrowStartCheck } from "./narrow.js";
export type { SelectIndexCheck, SelectShape } from "./select.js";
export type { PermuteShape } from "./permute.js";
export type { ReshapeShape } from "./reshape.js";
export type { SqueezeShape } from "./squeeze.js";
export type { StackPartsCheck, StackShape } from "./stack.js";
export type { TransposeShape } from "./transpose.js";
export type { UnsqueezeShape } from "./unsqueeze.js";
